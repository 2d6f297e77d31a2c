/**
 * Whether the agent may read Secret metadata. `true`/`false` are the operator's decision (Helm
 * rbac.secretMetadata); `undefined` means "find out": try, and after a 403 stop asking for a while, so a
 * cluster without the permission costs one refused request, not one per Secret.
 */
export class SecretAccess {
  private deniedUntil = 0;

  constructor(private readonly setting: boolean | undefined, private readonly now: () => number = Date.now, private readonly retryMs = 10 * 60_000) {}

  get allowed(): boolean {
    if (this.setting !== undefined) return this.setting;
    return this.now() >= this.deniedUntil;
  }

  denied(): void {
    if (this.setting === undefined) this.deniedUntil = this.now() + this.retryMs;
  }
}
