import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "cdk.out/**", "**/dist/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // The core stays free of AWS and Slack: adapters implement its ports.
    files: ["cloud/src/core/**/*.ts", "shared/src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@aws-sdk/*", "@slack/*", "aws-cdk-lib", "aws-cdk-lib/*", "@aws-lambda-powertools/*"] }],
    },
  },
  { files: ["bin/**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
);
