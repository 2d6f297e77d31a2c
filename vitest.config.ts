import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{shared,cloud,cluster-agent,cdk,charts,test}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "cdk.out/**"],
    // Integration tests start real servers (emulator, moto, alertmanager, chromium): give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
