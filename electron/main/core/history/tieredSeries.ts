import { tiersFor, type HistoryTier } from './historyTiers';
import { TierRing } from './tierRing';

/** A tier as it is saved: its step, newest bucket and ring of values. */
export interface StoredTier {
  stepMs: number;
  newestBucket: number;
  values: Float64Array;
}

/** Consecutive buckets of one tier, oldest first; NaN marks a gap. */
export interface SeriesWindow {
  stepMs: number;
  firstBucket: number;
  values: Float64Array;
}

/** Room for the retention plus the bucket being filled and one more: a query of exactly the retention is covered. */
function capacityOf(tier: HistoryTier): number {
  return Math.ceil(tier.retentionMs / tier.stepMs) + 2;
}

/**
 * One metric's history at every resolution at once: each value goes into every tier, so a
 * query picks the finest tier that still holds its start without any downsampling pass.
 */
export class TieredSeries {
  private readonly tiers: readonly HistoryTier[];
  private readonly rings: readonly TierRing[];

  constructor(
    readonly baseStepMs: number,
    stored: readonly StoredTier[] = [],
  ) {
    this.tiers = tiersFor(baseStepMs);
    this.rings = this.tiers.map((tier) => {
      const capacity = capacityOf(tier);
      const saved = stored.find((s) => s.stepMs === tier.stepMs && s.values.length === capacity);
      return new TierRing(tier.stepMs, capacity, saved);
    });
  }

  append(at: number, value: number | null): void {
    for (const ring of this.rings) ring.add(at, value);
  }

  /** The buckets between `from` and `to` of the finest tier that keeps `from` (relative to `now`). */
  window(from: number, to: number, now: number): SeriesWindow {
    const index = this.tiers.findIndex((tier) => now - from <= tier.retentionMs);
    const ring = this.rings[index === -1 ? this.rings.length - 1 : index]!;
    const first = Math.max(Math.floor(from / ring.stepMs), ring.oldestBucket);
    const last = Math.min(Math.floor(to / ring.stepMs), ring.newestBucket);
    const values = new Float64Array(Math.max(0, last - first + 1));
    for (let i = 0; i < values.length; i++) values[i] = ring.valueAt(first + i);
    return { stepMs: ring.stepMs, firstBucket: first, values };
  }

  stored(): StoredTier[] {
    return this.rings.map((ring) => ({ stepMs: ring.stepMs, newestBucket: ring.newestBucket, values: ring.values }));
  }

  /** Doubles held, for the memory bound. */
  get size(): number {
    return this.rings.reduce((total, ring) => total + ring.capacity, 0);
  }
}
