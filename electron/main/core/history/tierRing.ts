/**
 * One tier of a series: a fixed ring of buckets, the mean of the values that fell in each
 * (NaN where none did: a gap). Bucket n covers [n·step, (n+1)·step) of epoch time, so the
 * slot of a time is computed, not stored, and memory is `capacity` doubles whatever the run time.
 */
export class TierRing {
  readonly values: Float64Array;
  /** Index of the newest bucket written; -1 while empty. */
  newestBucket: number;
  private sum = 0;
  private count = 0;

  constructor(
    readonly stepMs: number,
    readonly capacity: number,
    stored?: { newestBucket: number; values: Float64Array },
  ) {
    if (stored && stored.values.length === capacity) {
      this.values = stored.values;
      this.newestBucket = stored.newestBucket;
      const newest = this.values[this.slot(this.newestBucket)]!;
      // A restored partial bucket continues as if its mean came from one value.
      if (!Number.isNaN(newest)) [this.sum, this.count] = [newest, 1];
    } else {
      this.values = new Float64Array(capacity).fill(NaN);
      this.newestBucket = -1;
    }
  }

  get oldestBucket(): number {
    return this.newestBucket - this.capacity + 1;
  }

  private slot(bucket: number): number {
    return ((bucket % this.capacity) + this.capacity) % this.capacity;
  }

  /** Adds a value (null: nothing known, the time still moves on). Older buckets than the newest are final. */
  add(at: number, value: number | null): void {
    const bucket = Math.floor(at / this.stepMs);
    if (bucket < this.newestBucket) return;
    if (bucket > this.newestBucket) {
      // Buckets skipped since the newest one got nothing: they are gaps, whatever they held a lap ago.
      const skipped = Math.min(bucket - this.newestBucket, this.capacity);
      for (let b = bucket - skipped + 1; b <= bucket; b++) this.values[this.slot(b)] = NaN;
      this.newestBucket = bucket;
      this.sum = 0;
      this.count = 0;
    }
    if (value === null || !Number.isFinite(value)) return;
    this.sum += value;
    this.count += 1;
    this.values[this.slot(bucket)] = this.sum / this.count;
  }

  /** The bucket's value, NaN for a gap or a bucket outside the ring. */
  valueAt(bucket: number): number {
    if (this.newestBucket < 0 || bucket > this.newestBucket || bucket < this.oldestBucket) return NaN;
    return this.values[this.slot(bucket)]!;
  }
}
