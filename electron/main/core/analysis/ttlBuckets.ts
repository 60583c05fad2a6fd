import { ttlBucketNames, type TtlHistogram } from '../../../../shared/contracts/keysAnalysis';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** Upper bounds (exclusive) of the buckets after `none`, in `ttlBucketNames` order. */
const upperBoundsMs = [minute, 10 * minute, hour, 6 * hour, day, 7 * day, Infinity];

/** A key's bucket from its PTTL: negative (no TTL) is `none` (index 0), else the first bucket whose upper bound is above it. */
export function ttlBucketIndex(pttlMs: number): number {
  if (pttlMs < 0) return 0;
  let i = 0;
  while (pttlMs >= upperBoundsMs[i]!) i++;
  return i + 1;
}

export function emptyTtlCounts(): number[] {
  return ttlBucketNames.map(() => 0);
}

export function toTtlHistogram(counts: readonly number[]): TtlHistogram {
  return ttlBucketNames.map((bucket, i) => ({ bucket, keys: counts[i] ?? 0 }));
}

/**
 * A finer, log-scale sketch of TTLs for quantiles: bin 0 holds [0, 100 ms), bin i the range
 * [100·1.5^(i−1), 100·1.5^i) ms, the last bin everything from ~40 days on. A bin's geometric
 * middle is within 23% of any TTL in it.
 */
export const ttlSketchBins = 46;
const sketchBaseMs = 100;
const sketchGrowth = 1.5;
const logGrowth = Math.log(sketchGrowth);

export function ttlSketchIndex(pttlMs: number): number {
  if (pttlMs < sketchBaseMs) return 0;
  // The epsilon keeps exact bin edges (150, 225 …) in the bin they start despite rounding.
  const i = Math.floor(Math.log(pttlMs / sketchBaseMs) / logGrowth + 1e-9) + 1;
  return Math.min(i, ttlSketchBins - 1);
}

function binLowerMs(i: number): number {
  return i === 0 ? 0 : sketchBaseMs * sketchGrowth ** (i - 1);
}

function binEstimateMs(i: number): number {
  if (i === 0) return sketchBaseMs / 2;
  if (i === ttlSketchBins - 1) return binLowerMs(i);
  return binLowerMs(i) * Math.sqrt(sketchGrowth);
}

/**
 * The median TTL of `totalKeys` keys whose TTLs are in `sketch` and the rest have none (an
 * endless TTL). Null when at least half have none, or there are no keys.
 */
export function sketchMedianMs(sketch: ArrayLike<number>, totalKeys: number): number | null {
  if (totalKeys <= 0) return null;
  const rank = Math.ceil(totalKeys / 2);
  let seen = 0;
  for (let i = 0; i < sketch.length; i++) {
    seen += sketch[i]!;
    if (seen >= rank) return Math.round(binEstimateMs(i));
  }
  return null;
}
