/** Promise deadlines that never leave a dangling timer. */
export class StageTimeout extends Error {
  constructor(readonly ms: number) {
    super(`did not finish in ${formatMs(ms)}`);
    this.name = "StageTimeout";
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s`.replace(".0 s", " s") : `${ms} ms`;
}

export async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new StageTimeout(ms)), Math.max(0, ms)); })]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
