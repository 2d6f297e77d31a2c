import { describe, expect, it } from "vitest";
import { MAX_WEBHOOK_BYTES, checkWebhookAuth, presentedToken, tooLarge } from "./auth.js";

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

describe("webhook auth", () => {
  const tokens = ["s3cret-token", "next-token"];
  it.each([
    ["Bearer s3cret-token", true],
    ["bearer s3cret-token", true],
    ["Bearer next-token", true],
    [basic("alertmanager", "s3cret-token"), true],
    [basic("", "next-token"), true],
    [basic("alertmanager", "s3cret-token:extra"), false],
    ["Bearer s3cret-toke", false],
    ["Bearer s3cret-token-longer", false],
    ["Bearer ", false],
    ["s3cret-token", false],
    ["Token s3cret-token", false],
    [basic("s3cret-token", ""), false],
    ["Basic !!!notbase64", false],
    [undefined, false],
    ["", false],
  ])("%s → %s", (header, ok) => {
    expect(checkWebhookAuth(header, tokens)).toBe(ok);
  });

  it("accepts nothing when no token is configured", () => {
    expect(checkWebhookAuth("Bearer ", [])).toBe(false);
    expect(checkWebhookAuth("Bearer x", [""])).toBe(false);
  });

  it("takes the first of repeated headers and refuses absurdly long ones", () => {
    expect(checkWebhookAuth(["Bearer s3cret-token", "Bearer nope"], tokens)).toBe(true);
    expect(presentedToken("Bearer " + "a".repeat(10_000))).toBeUndefined();
  });

  it("caps bodies at 1 MiB", () => {
    expect(MAX_WEBHOOK_BYTES).toBe(1_048_576);
    expect(tooLarge(MAX_WEBHOOK_BYTES)).toBe(false);
    expect(tooLarge(MAX_WEBHOOK_BYTES + 1)).toBe(true);
    expect(tooLarge(Number.NaN)).toBe(true);
  });
});
