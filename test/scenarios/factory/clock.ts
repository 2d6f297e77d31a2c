/** Durations in seconds, so scenarios read `ago(3 * DAY)`. */
export const MIN = 60;
export const HOUR = 3_600;
export const DAY = 86_400;

/** RFC 3339 with second precision, as the API server prints metav1.Time. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Go's time.Duration.String() for whole seconds: 10s, 1m20s, 5m0s, 1h0m0s. */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / HOUR);
  const m = Math.floor((seconds % HOUR) / MIN);
  const s = seconds % MIN;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/** The scenario clock: every timestamp is written relative to `now` so a scenario stays self-consistent. */
export class Clock {
  readonly now: Date;
  constructor(now: string) {
    this.now = new Date(now);
    if (Number.isNaN(this.now.getTime())) throw new Error(`invalid scenario clock ${now}`);
  }

  date(secondsAgo: number): Date {
    return new Date(this.now.getTime() - Math.round(secondsAgo * 1000));
  }

  /** metav1.Time `secondsAgo` before now. */
  ago(secondsAgo: number): string {
    return rfc3339(this.date(secondsAgo));
  }

  /** RFC 3339 with milliseconds (Alertmanager startsAt, log lines). */
  agoMs(secondsAgo: number): string {
    return this.date(secondsAgo).toISOString();
  }
}
