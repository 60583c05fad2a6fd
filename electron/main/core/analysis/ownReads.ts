import type { MastersInterval } from './statsSample';

/** Reads the sampler itself made (keyspace hits and misses like anyone's). */
export interface OwnReads {
  hits: number;
  misses: number;
}

export const noOwnReads: OwnReads = { hits: 0, misses: 0 };

/**
 * The masters' interval without the sampler's own reads, so an idle cache shows no reads
 * (and no hit rate) rather than the dashboard's. Never below zero: a node that reset in the
 * meantime may already have dropped them.
 */
export function withoutOwnReads(interval: MastersInterval, own: OwnReads): MastersInterval {
  if (own.hits === 0 && own.misses === 0) return interval;
  const hits = Math.max(0, interval.hits - own.hits);
  const misses = Math.max(0, interval.misses - own.misses);
  const scaled = (perSec: number, before: number, after: number) => (before > 0 ? (perSec * after) / before : 0);
  return {
    ...interval,
    hits,
    misses,
    hitsPerSec: scaled(interval.hitsPerSec, interval.hits, hits),
    missesPerSec: scaled(interval.missesPerSec, interval.misses, misses),
  };
}

/**
 * The keyspace reads of TYPE and PTTL over some keys: both count a hit on a key that exists
 * and a miss on one that does not (MEMORY USAGE counts nothing).
 */
export function typeAndTtlReads(present: number, absent: number): OwnReads {
  return { hits: 2 * present, misses: 2 * absent };
}
