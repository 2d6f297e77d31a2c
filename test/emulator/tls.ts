/**
 * A throwaway self-signed certificate for the emulator. It has to be HTTPS: kubectl (client-go clientcmd) only
 * sends the kubeconfig's bearer token to https servers, so over plain http every request would be anonymous.
 * Generated once per process with the openssl CLI (Node cannot mint X.509 certificates itself); never persisted.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface TlsMaterial { cert: string; key: string }

const run = promisify(execFile);
let cached: Promise<TlsMaterial> | undefined;

async function generate(): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), "kubesleuth-emulator-tls-"));
  try {
    const key = join(dir, "key.pem"), cert = join(dir, "cert.pem");
    await run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", key, "-out", cert, "-days", "3650", "-subj", "/CN=kubesleuth-emulator",
      "-addext", "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
      "-addext", "extendedKeyUsage=serverAuth",
    ]);
    return { cert: await readFile(cert, "utf8"), key: await readFile(key, "utf8") };
  } catch (e) {
    throw new Error(`emulator: cannot create a TLS certificate with openssl (needed because kubectl only sends tokens over https): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function emulatorTls(): Promise<TlsMaterial> {
  cached ??= generate().catch((e) => {
    cached = undefined;
    throw e;
  });
  return cached;
}
