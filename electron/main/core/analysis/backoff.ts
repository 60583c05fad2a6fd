/**
 * Delay before the next attempt after `failures` consecutive failures: doubles from
 * `baseMs` up to `maxMs`. Zero failures means the regular interval.
 */
export function backoffDelay(
  failures: number,
  { intervalMs, baseMs, maxMs }: { intervalMs: number; baseMs: number; maxMs: number },
): number {
  if (failures <= 0) return intervalMs;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}
