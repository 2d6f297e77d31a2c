/**
 * Shell safety for commands people paste at 3 a.m.: names are validated as Kubernetes names (anything else
 * throws and the command is not shown), every free-form value is single-quoted POSIX-style.
 */
import { K8S_NAME_RE, KubesleuthError } from "../../../../shared/src/index.js";

const SAFE_BARE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** POSIX single-quoting: safe for any byte sequence except NUL (rejected). */
export function shq(value: string): string {
  if (value.includes("\0")) throw new KubesleuthError("BAD_REQUEST", "value contains a NUL byte");
  if (value.length > 0 && SAFE_BARE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A Kubernetes object name (DNS-1123 subdomain); throws on anything else. */
export function k8sName(name: string | undefined, what = "name"): string {
  if (!name || name.length > 253 || !K8S_NAME_RE.test(name)) throw new KubesleuthError("BAD_REQUEST", `unsafe ${what}: ${JSON.stringify(name)}`);
  return name;
}

/** ConfigMap keys and label keys: [prefix/]name with [-._a-zA-Z0-9]. */
export function keyName(key: string, what = "key"): string {
  if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key) || key.length > 316) {
    throw new KubesleuthError("BAD_REQUEST", `unsafe ${what}: ${JSON.stringify(key)}`);
  }
  return key;
}

/** Runs a command builder; a name that fails validation yields no command instead of an unsafe one. */
export function tryCommand(build: () => string): string | undefined {
  try {
    return build();
  } catch {
    return undefined;
  }
}
