/**
 * How long to wait before producing more so that `produced` records since `startedAt` stay at
 * or under `ratePerSec`; 0 without a limit.
 */
export function paceDelayMs(startedAt: number, produced: number, ratePerSec: number | undefined, now: number): number {
  if (ratePerSec === undefined) return 0;
  return Math.max(0, startedAt + (produced / ratePerSec) * 1000 - now);
}
