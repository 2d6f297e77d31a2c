/** Sane sizes for resource recommendations: round up to steps people actually configure. */

const MI = 2 ** 20;
const STEPS_MI = [64, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576, 32768];

/** Next configured-looking memory size ≥ bytes: 300Mi → 384Mi, 1.1Gi → 1536Mi ("1536Mi"), 2Gi → "2Gi". */
export function roundMemory(bytes: number): string {
  const mi = Math.ceil(bytes / MI);
  const step = STEPS_MI.find((s) => s >= mi) ?? Math.ceil(mi / 4096) * 4096;
  return step % 1024 === 0 ? `${step / 1024}Gi` : `${step}Mi`;
}

/**
 * Recommended memory limit after OOM kills: the larger of 2× the current limit's working set seen
 * (usage × 1.5 when known) and limit × 1.5, rounded up; never below the next step above the limit.
 */
export function recommendMemoryLimit(limitBytes: number, usageBytes?: number): string {
  const byUsage = usageBytes && Number.isFinite(usageBytes) ? usageBytes * 1.5 : 0;
  const target = Math.max(limitBytes * 1.5, byUsage, limitBytes + MI);
  return roundMemory(target);
}

const STEPS_M = [100, 200, 250, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 12000, 16000];
/** Next configured-looking CPU quantity ≥ cores: 0.42 → "500m", 1.2 → "1500m", 2 → "2". */
export function roundCpu(cores: number): string {
  const m = Math.ceil(cores * 1000);
  const step = STEPS_M.find((s) => s >= m) ?? Math.ceil(m / 1000) * 1000;
  return step % 1000 === 0 ? `${step / 1000}` : `${step}m`;
}
