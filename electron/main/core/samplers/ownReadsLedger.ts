import { noOwnReads, type OwnReads } from '../analysis/ownReads';

/**
 * CacheScope's own keyspace reads on one profile's Redis, from every part of the core that
 * reads keys (TYPE and PTTL count as hits or misses; MEMORY USAGE does not): the stats
 * sampler takes them off the next interval, so analysing a million keys does not show as a
 * million cache hits.
 */
export class OwnReadsLedger {
  private hits = 0;
  private misses = 0;

  record(reads: OwnReads): void {
    this.hits += reads.hits;
    this.misses += reads.misses;
  }

  /** What was recorded since the last take, and starts again from zero. */
  take(): OwnReads {
    if (this.hits === 0 && this.misses === 0) return noOwnReads;
    const reads = { hits: this.hits, misses: this.misses };
    this.hits = 0;
    this.misses = 0;
    return reads;
  }
}
