/** One resolution of the history: a point every `stepMs`, kept for `retentionMs`. */
export interface HistoryTier {
  stepMs: number;
  retentionMs: number;
}

const hour = 3_600_000;
const day = 24 * hour;

/** 1 s for the last hour, 10 s for a day, 1 min for a week: ~22,000 points per series at most. */
export const historyTiers: readonly HistoryTier[] = [
  { stepMs: 1_000, retentionMs: hour },
  { stepMs: 10_000, retentionMs: day },
  { stepMs: 60_000, retentionMs: 7 * day },
];

/**
 * The tiers of a series sampled every `baseStepMs`: its own resolution first, kept as long as
 * the finest standard tier at or below that step is, then every coarser standard tier.
 * A series read every 10 s thus gets 10 s for a day and 1 min for a week.
 */
export function tiersFor(baseStepMs: number): HistoryTier[] {
  const finer = historyTiers.filter((t) => t.stepMs <= baseStepMs);
  const retentionMs = finer.length > 0 ? Math.max(...finer.map((t) => t.retentionMs)) : historyTiers[0]!.retentionMs;
  return [{ stepMs: baseStepMs, retentionMs }, ...historyTiers.filter((t) => t.stepMs > baseStepMs)];
}
