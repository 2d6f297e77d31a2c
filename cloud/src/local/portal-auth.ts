/**
 * Portal authentication. Browsers cannot attach an Authorization header to a link, so the portal uses a
 * session cookie derived from the server token: HMAC-SHA256(token, purpose). No server-side session state,
 * the cookie is useless for the webhook (different value), and rotating the token logs every browser out.
 * Cookie: HttpOnly, SameSite=Strict (no cross-site request carries it: the CSRF defence), Path=/.
 * The CLI prints one-time login links (random code, 10 minutes, single use) so the token itself never lands
 * in browser history or terminal scrollback.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "kubesleuth_session";
const PURPOSE = "kubesleuth-portal-session-v1";
const LINK_TTL_MS = 10 * 60_000;

export function sessionValue(token: string): string {
  return createHmac("sha256", token).update(PURPOSE).digest("base64url");
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    if (!(k in out)) out[k] = part.slice(i + 1).trim();
  }
  return out;
}

/** Constant-time check of the session cookie against every accepted token. */
export function validSession(cookieHeader: string | undefined, tokens: readonly string[]): boolean {
  const presented = parseCookies(cookieHeader)[SESSION_COOKIE];
  if (!presented || presented.length > 200) return false;
  const a = Buffer.from(presented.padEnd(43, "\0").slice(0, 43));
  let ok = false;
  for (const t of tokens) {
    if (!t) continue;
    const b = Buffer.from(sessionValue(t));
    ok = (b.length === a.length && timingSafeEqual(a, b) && presented.length === 43) || ok;
  }
  return ok;
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionValue(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${30 * 86400}${secure ? "; Secure" : ""}`;
}

/** Single-use login codes for links the CLI prints. */
export class LoginLinks {
  private codes = new Map<string, { path: string; expires: number }>();
  create(path: string, now = Date.now()): string {
    for (const [c, v] of this.codes) if (v.expires <= now) this.codes.delete(c);
    const code = randomBytes(18).toString("base64url");
    this.codes.set(code, { path: path.startsWith("/") ? path : "/", expires: now + LINK_TTL_MS });
    return code;
  }
  /** The path to go to, once; undefined for an unknown, used or expired code. */
  redeem(code: string, now = Date.now()): string | undefined {
    const v = this.codes.get(code);
    this.codes.delete(code);
    return v && v.expires > now ? v.path : undefined;
  }
}
