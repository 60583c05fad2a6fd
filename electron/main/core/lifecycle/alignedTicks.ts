/**
 * The next tick of a schedule aligned to whole intervals of wall-clock time, strictly after
 * the previous one. A timer can fire a millisecond early by `Date.now()`; scheduled from
 * there, the same boundary would come round again at once, and a reading taken a
 * millisecond after the last one makes an interval of one command and no reads.
 */
export function nextAlignedTick(now: number, intervalMs: number, previous: number | null): number {
  const next = (Math.floor(now / intervalMs) + 1) * intervalMs;
  return previous === null ? next : Math.max(next, previous + intervalMs);
}
