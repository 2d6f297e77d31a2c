/**
 * limit/continue pagination. The token has the shape of the API server's (base64 JSON {v, rv, start}) and resumes
 * strictly after the last returned key, so pages never overlap or skip even with selectors applied.
 */
import type { KubeObject } from "../../shared/src/index.js";
import { badRequest } from "./status.js";
import { indexAfter, objectKey } from "./store.js";

interface ContinueToken { v: string; rv: number; start: string }

export function encodeContinue(rv: string, lastKey: string): string {
  const token: ContinueToken = { v: "meta.k8s.io/v1", rv: Number(rv), start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

export function decodeContinue(token: string): string {
  let parsed: ContinueToken;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as ContinueToken;
  } catch {
    throw badRequest("continue key is not valid: illegal base64 data at input byte 0");
  }
  if (parsed?.v !== "meta.k8s.io/v1" || typeof parsed.start !== "string" || !parsed.start.endsWith("\u0000")) {
    throw badRequest(`continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
  }
  return parsed.start.slice(0, -1);
}

export interface Page { items: KubeObject[]; continueToken?: string; remainingItemCount?: number }

/**
 * One page of `list` (sorted) filtered by `match`. `limit` 0 means everything. remainingItemCount is only
 * reported without a filter, like the real server (it cannot count filtered results without reading them all).
 */
export function paginate(list: KubeObject[], match: ((o: KubeObject) => boolean) | undefined, limit: number, cont: string | undefined, rv: string): Page {
  const start = cont ? indexAfter(list, decodeContinue(cont)) : 0;
  const items: KubeObject[] = [];
  let i = start;
  for (; i < list.length; i++) {
    const o = list[i]!;
    if (match && !match(o)) continue;
    if (limit > 0 && items.length === limit) break;
    items.push(o);
  }
  if (limit <= 0 || i >= list.length) return { items };
  // Another match exists beyond this page (the loop only stops on one), so hand out a token.
  const last = items[items.length - 1]!;
  const page: Page = { items, continueToken: encodeContinue(rv, objectKey(last.metadata.namespace, last.metadata.name)) };
  if (!match) page.remainingItemCount = list.length - i;
  return page;
}
