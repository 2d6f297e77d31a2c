/** Network targets named in log lines, and whether they are in-cluster Services. */

export interface HostHit {
  /** As logged: a DNS name or an IP. */
  host: string;
  port?: number;
  kind: "refused" | "timeout" | "dns" | "reset" | "unreachable" | "http5xx" | "tls" | "other";
}

const FAILURE: [HostHit["kind"], RegExp][] = [
  ["dns", /no such host|NXDOMAIN|Name or service not known|getaddrinfo ENOTFOUND|could not translate host name/i],
  ["refused", /connection refused|ECONNREFUSED|Connection refused/i],
  ["timeout", /i\/o timeout|ETIMEDOUT|timed out|timeout|deadline exceeded/i],
  ["reset", /connection reset|ECONNRESET|broken pipe|EOF/i],
  ["unreachable", /no route to host|EHOSTUNREACH|network is unreachable|ENETUNREACH/i],
  ["tls", /x509|certificate|tls:|SSL/i],
  ["http5xx", /\b(502|503|504)\b|Bad Gateway|Service Unavailable|Gateway Timeout/],
];

const HOST_PATTERNS: RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\/([A-Za-z0-9.-]+)(?::(\d+))?/g, // URLs
  /lookup ([A-Za-z0-9.-]+)/g,
  /dial tcp ([0-9.]+|[A-Za-z0-9.-]+):(\d+)/g,
  /(?:ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH) ([0-9.]+|[A-Za-z0-9.-]+):(\d+)/g,
  /connection to server at "([^"]+)"[^,]*, port (\d+)/g,
  /(?:host|addr|address|server|upstream|endpoint)[=:] ?"?([A-Za-z0-9.-]+\.[A-Za-z0-9.-]+)(?::(\d+))?/gi,
  /\b([a-z0-9-]+(?:\.[a-z0-9-]+)*\.svc(?:\.cluster\.local)?)(?::(\d+))?/g,
  /\bto ([a-z0-9-]+(?:\.[a-z0-9-]+)+):(\d+)/g,
];

/** Failure kind of a line, if it reports a network failure. */
export function failureKind(line: string): HostHit["kind"] | undefined {
  for (const [kind, re] of FAILURE) if (re.test(line)) return kind;
  return undefined;
}

export function hostsIn(line: string): HostHit[] {
  const kind = failureKind(line);
  if (!kind) return [];
  const out = new Map<string, HostHit>();
  for (const re of HOST_PATTERNS) {
    re.lastIndex = 0;
    for (const m of line.matchAll(re)) {
      const host = m[1]!.replace(/\.$/, "").toLowerCase();
      if (!host || host.length < 2 || /^\d+$/.test(host)) continue;
      if (/^(127\.|localhost$|0\.0\.0\.0)/.test(host)) continue;
      if (!out.has(host)) out.set(host, { host, port: m[2] ? Number(m[2]) : undefined, kind });
    }
  }
  // A bare IP inside a "lookup X on 10.96.0.10:53" is the resolver, not the target.
  const resolver = /lookup [^ ]+ on ([0-9.]+):53/.exec(line)?.[1];
  if (resolver) out.delete(resolver);
  return [...out.values()];
}

/** Service name and namespace encoded in an in-cluster DNS name: name.ns.svc[.cluster.local], name.ns, or name. */
export function serviceFromHost(host: string, defaultNamespace: string | undefined): { name: string; namespace?: string; explicit: boolean } | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/.exec(host);
  if (m) return { name: m[1]!, namespace: m[2]!, explicit: true };
  const parts = host.split(".");
  if (parts.length === 1) return { name: host, namespace: defaultNamespace, explicit: false };
  if (parts.length === 2 && !/^(com|net|org|io|dev|cloud|internal|local|co|app|ai)$/.test(parts[1]!)) return { name: parts[0]!, namespace: parts[1], explicit: false };
  return undefined;
}

export function isIp(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host);
}

/** Outside the cluster: a public-looking DNS name (not *.svc / *.cluster.local / single label). */
export function looksExternal(host: string): boolean {
  if (isIp(host)) return false;
  if (/\.svc(\.cluster\.local)?$|\.cluster\.local$/.test(host)) return false;
  return host.split(".").length >= 2 && /\.[a-z]{2,}$/.test(host) && serviceFromHost(host, undefined) === undefined;
}
