import { TieredSeries, type SeriesWindow, type StoredTier } from './tieredSeries';

export interface StoredSeries {
  name: string;
  baseStepMs: number;
  tiers: StoredTier[];
}

/** At most this many series: namespaces come from the profile, but a bound is a bound. */
export const maxHistorySeries = 64;

/**
 * The named series of one profile. Memory is fixed per series (its tiers' rings) and the
 * number of series is bounded, so the history's size does not grow with the run time.
 */
export class MetricsHistory {
  private readonly series = new Map<string, TieredSeries>();

  constructor(stored: readonly StoredSeries[] = []) {
    for (const s of stored.slice(0, maxHistorySeries)) this.series.set(s.name, new TieredSeries(s.baseStepMs, s.tiers));
  }

  /**
   * Adds a value at `at` to the series `name`, read every `baseStepMs`. A series saved with
   * another step (the sampling interval changed) starts over: its buckets would not line up.
   */
  append(name: string, baseStepMs: number, at: number, value: number | null): void {
    let series = this.series.get(name);
    if (!series || series.baseStepMs !== baseStepMs) {
      if (!series && this.series.size >= maxHistorySeries) return;
      series = new TieredSeries(baseStepMs);
      this.series.set(name, series);
    }
    series.append(at, value);
  }

  /** Null for a series that never got a value. */
  window(name: string, from: number, to: number, now: number): SeriesWindow | null {
    return this.series.get(name)?.window(from, to, now) ?? null;
  }

  stored(): StoredSeries[] {
    return [...this.series].map(([name, s]) => ({ name, baseStepMs: s.baseStepMs, tiers: s.stored() }));
  }

  /** Doubles held by every series. */
  get size(): number {
    return [...this.series.values()].reduce((total, s) => total + s.size, 0);
  }
}
