import { describe, expect, it } from "vitest";
import { isKubesleuthError } from "../../../../shared/src/index.js";
import { slackSignature, verifySlackSignature } from "./signature.js";

// The worked example of Slack's "Verifying requests from Slack" page.
const DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const DOC_TS = "1531420618";
const DOC_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const DOC_SIG = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

const SECRET = "s3cr3t-signing";
const BODY = 'payload={"type":"block_actions"}';
const now = new Date("2026-11-18T10:00:00Z");
const ts = String(Math.floor(now.getTime() / 1000));

function code(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return isKubesleuthError(e) ? e.code : "untyped";
  }
}

describe("Slack signature verification", () => {
  it("matches Slack's documented example", () => {
    expect(slackSignature(DOC_SECRET, DOC_TS, DOC_BODY)).toBe(DOC_SIG);
    expect(code(() => verifySlackSignature({ signingSecret: DOC_SECRET, rawBody: Buffer.from(DOC_BODY), timestamp: DOC_TS, signature: DOC_SIG, now: new Date(Number(DOC_TS) * 1000 + 60_000) }))).toBeUndefined();
  });

  it("accepts a valid signature inside the window (both directions of clock skew)", () => {
    for (const skew of [0, -299, 299]) {
      const t = String(Number(ts) + skew);
      expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: t, signature: slackSignature(SECRET, t, BODY), now }))).toBeUndefined();
    }
  });

  it("rejects stale and future-dated requests (replays)", () => {
    for (const skew of [-301, -3600, 301]) {
      const t = String(Number(ts) + skew);
      expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: t, signature: slackSignature(SECRET, t, BODY), now }))).toBe("UNAUTHORIZED");
    }
  });

  it("rejects tampered bodies, timestamps, signatures and the wrong secret", () => {
    const sig = slackSignature(SECRET, ts, BODY);
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY + " ", timestamp: ts, signature: sig, now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: String(Number(ts) - 1), signature: sig, now }))).toBe("UNAUTHORIZED");
    const flipped = sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: ts, signature: flipped, now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: "other", rawBody: BODY, timestamp: ts, signature: sig, now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: ts, signature: sig.replace("v0=", "v1="), now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: ts, signature: sig.toUpperCase(), now }))).toBe("UNAUTHORIZED");
  });

  it("rejects missing or malformed headers", () => {
    const sig = slackSignature(SECRET, ts, BODY);
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: undefined, signature: sig, now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: ts, signature: undefined, now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: "", signature: "", now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: `${ts}.5`, signature: sig, now }))).toBe("UNAUTHORIZED");
    expect(code(() => verifySlackSignature({ signingSecret: SECRET, rawBody: BODY, timestamp: ts, signature: "v0=abc", now }))).toBe("UNAUTHORIZED");
  });

  it("an empty signing secret is a configuration error, never an open door", () => {
    expect(code(() => verifySlackSignature({ signingSecret: "", rawBody: BODY, timestamp: ts, signature: slackSignature("", ts, BODY), now }))).toBe("CONFIG_INVALID");
  });
});
