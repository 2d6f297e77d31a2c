/** The Slack app manifest in the repo asks for what the code uses, and points interactivity at the route we serve. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const manifest = parse(readFileSync(new URL("../../../slack-app-manifest.yaml", import.meta.url), "utf8"));
const doc = readFileSync(new URL("../../../../docs/slack.md", import.meta.url), "utf8");

describe("cloud/slack-app-manifest.yaml", () => {
  it("has the bot scopes the notifier needs and no more than it uses", () => {
    expect(manifest.oauth_config.scopes.bot).toContain("chat:write");
    expect(manifest.oauth_config.scopes.bot.every((s: string) => ["chat:write", "chat:write.public"].includes(s))).toBe(true);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it("interactivity is on and posts to /slack/interactions; no socket mode", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toMatch(/^https:\/\/.+\/slack\/interactions$/);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.display_information.name).toBe("kubesleuth");
    // Slack rejects a long_description under 174 characters.
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(174);
  });

  it("docs/slack.md names the variables the local config reads", async () => {
    const config = readFileSync(new URL("../../local/config.ts", import.meta.url), "utf8");
    for (const v of ["SLACK_BOT_TOKEN", "SLACK_CHANNEL", "SLACK_SIGNING_SECRET", "KUBESLEUTH_PUBLIC_URL"]) {
      expect(doc).toContain(v);
      expect(config).toContain(v);
    }
  });
});
