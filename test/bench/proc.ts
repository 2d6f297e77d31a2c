/** Process resource sampling from /proc (Linux): resident set size and CPU time of one pid. */
import { readFileSync } from "node:fs";

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux for decades). */
const CLK_TCK = 100;

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** utime + stime in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Field 2 (comm) may contain spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

export interface Window {
  seconds: number;
  cpuSeconds: number;
  /** CPU time over wall time, in percent of one core. */
  cpuPercent: number;
  maxRss: number;
  lastRss: number;
}

/** Sample a pid every `everyMs` until stop() is called; returns the window's figures. */
export function sampler(pid: number, everyMs = 100): { stop(): Window } {
  const t0 = performance.now();
  const c0 = cpuSeconds(pid);
  let maxRss = rssBytes(pid);
  let lastRss = maxRss;
  const timer = setInterval(() => {
    try {
      lastRss = rssBytes(pid);
      if (lastRss > maxRss) maxRss = lastRss;
    } catch {
      /* the process ended: keep what was seen */
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      let cpu = Number.NaN;
      try {
        lastRss = rssBytes(pid);
        maxRss = Math.max(maxRss, lastRss);
        cpu = cpuSeconds(pid) - c0;
      } catch {
        /* ended */
      }
      return { seconds, cpuSeconds: cpu, cpuPercent: (cpu / seconds) * 100, maxRss, lastRss };
    },
  };
}
