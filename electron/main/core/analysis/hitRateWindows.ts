import type { HitRateWindows } from '../../../../shared/contracts/stats';
import { hitRate } from './hitRate';

/** Reads of one interval, summed over the masters: the unit the windows add up. */
export interface IntervalReads {
  at: number;
  hits: number;
  misses: number;
}

export const hitRateWindowMs = { lastMinute: 60_000, last5Minutes: 300_000, lastHour: 3_600_000 } as const;

/** The longest window: older intervals are of no use. */
export const longestHitRateWindowMs = hitRateWindowMs.lastHour;

/** Drops intervals older than the longest window, in place, so the list stays bounded. */
export function trimIntervalReads(reads: IntervalReads[], now: number): void {
  const oldest = now - longestHitRateWindowMs;
  let drop = 0;
  while (drop < reads.length && reads[drop]!.at <= oldest) drop++;
  if (drop > 0) reads.splice(0, drop);
}

/**
 * Hit rate over the intervals of the last `windowMs`: all hits over all reads, so a busy
 * second weighs more than a quiet one (an average of per-interval rates would not).
 */
export function windowHitRate(reads: readonly IntervalReads[], now: number, windowMs: number): number | null {
  let hits = 0;
  let misses = 0;
  for (let i = reads.length - 1; i >= 0; i--) {
    const interval = reads[i]!;
    if (interval.at <= now - windowMs) break;
    hits += interval.hits;
    misses += interval.misses;
  }
  return hitRate(hits, misses);
}

/** The windows longer than one interval; the interval's own rate comes with the interval. */
export function windowHitRates(reads: readonly IntervalReads[], now: number): Omit<HitRateWindows, 'lastInterval'> {
  return {
    lastMinute: windowHitRate(reads, now, hitRateWindowMs.lastMinute),
    last5Minutes: windowHitRate(reads, now, hitRateWindowMs.last5Minutes),
    lastHour: windowHitRate(reads, now, hitRateWindowMs.lastHour),
  };
}
