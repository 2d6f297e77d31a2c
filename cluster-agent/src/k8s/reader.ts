/**
 * What one command reads through: typed get/list/logs over the GET-only client, through the investigation's
 * read cache, counting the API requests this command actually sent (cache hits are free). List items get their
 * kind/apiVersion back (the API server omits them in lists).
 */
import type { KubeObject } from "../../../shared/src/index.js";
import type { ReadCache } from "./cache.js";
import type { Query, ReadOnlyClient } from "./client.js";
import { K8sApiError, isNotFound } from "./errors.js";
import { apiVersionOf, kindInfo, resourcePath, type KindInfo } from "./kinds.js";

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: KubeObject[];
  continue?: string;
}

export class Reader {
  /** API requests this reader sent. */
  requests = 0;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: ReadOnlyClient,
    private readonly cache: ReadCache,
    private readonly scope: string | undefined,
  ) {}

  info(kind: string): KindInfo {
    const info = kindInfo(kind);
    if (!info) throw new K8sApiError(400, "UnsupportedKind", `the agent does not read ${kind}`, kind);
    return info;
  }

  private key(path: string, query: Query, text: boolean): string {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
    return `${text ? "t" : "j"}:${path}?${q}`;
  }

  private read<T>(path: string, query: Query, text = false): Promise<T> {
    const observe = () => { this.requests++; };
    const full = this.key(path, query, text);
    // Per-command memo first: a command never reads the same thing twice, with or without an investigation id.
    let p = this.memo.get(full);
    if (!p) {
      p = this.cache
        .through(this.scope, full, () => (text ? this.client.getText(path, query, observe) : this.client.getJson(path, query, observe)) as Promise<T>)
        .then((r) => r.value);
      this.memo.set(full, p);
    }
    return p as Promise<T>;
  }

  async get(kind: string, namespace: string | undefined, name: string): Promise<KubeObject> {
    const info = this.info(kind);
    const o = await this.read<KubeObject>(resourcePath(info, namespace, name), {});
    return withKind(o, info);
  }

  /** 404 → undefined; anything else throws. */
  async tryGet(kind: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.get(kind, namespace, name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async list(kind: string, namespace: string | undefined, o: ListOptions = {}): Promise<ListResult> {
    const info = this.info(kind);
    const path = resourcePath(info, namespace);
    const query = { labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, limit: o.limit, continue: o.continue };
    type Body = { items?: KubeObject[]; metadata?: { continue?: string } };
    let body: Body | undefined;
    if (o.limit !== undefined && !o.continue) {
      // A complete list read earlier in this investigation answers a limited one exactly when it fits the limit.
      const whole = (this.memo.get(this.key(path, { ...query, limit: undefined }, false)) ?? this.cache.peek(this.scope, this.key(path, { ...query, limit: undefined }, false))) as Promise<Body> | undefined;
      const earlier = whole ? await whole.catch(() => undefined) : undefined;
      if (earlier && !earlier.metadata?.continue && (earlier.items ?? []).length <= o.limit) body = earlier;
    }
    body ??= await this.read<Body>(path, query);
    const items = (body.items ?? []).map((i) => withKind(i, info));
    return { items, ...(body.metadata?.continue ? { continue: body.metadata.continue } : {}) };
  }

  logs(namespace: string, pod: string, query: Query): Promise<string> {
    return this.read<string>(`${resourcePath(this.info("Pod"), namespace, pod)}/log`, query, true);
  }

  /** Raw JSON GET (discovery documents). */
  raw<T = any>(path: string, query: Query = {}): Promise<T> {
    return this.read<T>(path, query);
  }
}

/** Copy with kind/apiVersion filled (shared cache values must never be mutated). */
function withKind(o: KubeObject, info: KindInfo): KubeObject {
  if (o.kind === info.kind && o.apiVersion) return o;
  return { ...o, kind: info.kind, apiVersion: o.apiVersion ?? apiVersionOf(info) };
}
