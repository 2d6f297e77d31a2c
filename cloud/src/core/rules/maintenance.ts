/**
 * Maintenance windows: an absolute range (`start`/`end`, RFC 3339), a weekly schedule
 * (`days`, `start`/`end` as HH:MM in an IANA time zone; end before start crosses midnight), or both
 * (the schedule applies only inside the range).
 */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklySchedule {
  days: Weekday[];
  /** Minutes after local midnight. */
  startMin: number;
  endMin: number;
  timezone: string;
}

export interface WindowTiming {
  from?: number;
  until?: number;
  weekly?: WeeklySchedule;
}

export function hhmm(s: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/.exec(s);
  if (!m) return undefined;
  return s === "24:00" ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(now: Date, tz: string): { day: number; minutes: number } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
  const day = WEEKDAYS.indexOf(String(parts["weekday"]).toLowerCase().slice(0, 3) as Weekday);
  return { day, minutes: Number(parts["hour"]) * 60 + Number(parts["minute"]) };
}

export function inWeekly(s: WeeklySchedule, now: Date): boolean {
  const { day, minutes } = localParts(now, s.timezone);
  const has = (d: number) => s.days.includes(WEEKDAYS[(d + 7) % 7]!);
  if (s.startMin < s.endMin) return has(day) && minutes >= s.startMin && minutes < s.endMin;
  // Crosses midnight: the day named is the day the window opens.
  return (has(day) && minutes >= s.startMin) || (has(day - 1) && minutes < s.endMin);
}

export function inWindow(w: WindowTiming, now: Date): boolean {
  const t = now.getTime();
  if (w.from !== undefined && t < w.from) return false;
  if (w.until !== undefined && t >= w.until) return false;
  return w.weekly ? inWeekly(w.weekly, now) : true;
}
