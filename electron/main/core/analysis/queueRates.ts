/** Sums over a topic's partitions at one sample: appended (high watermarks) and persisted (resume offsets). */
export interface QueueTotals {
  at: number;
  high: number;
  resume: number;
}

export interface QueueRates {
  /** Records per second appended to the topic. */
  produceRate: number | null;
  /** Records per second the group committed. */
  persistRate: number | null;
}

/** Rates between the first and the last sample given; null until two samples span some time. */
export function queueRates(samples: readonly QueueTotals[]): QueueRates {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.at <= first.at) return { produceRate: null, persistRate: null };
  const seconds = (last.at - first.at) / 1000;
  // A rewind moves resume offsets back: that is not negative persistence, it is none.
  return {
    produceRate: Math.max(0, (last.high - first.high) / seconds),
    persistRate: Math.max(0, (last.resume - first.resume) / seconds),
  };
}

/** When the lag reaches 0 if both rates hold: 0 without lag, null when it is not shrinking. */
export function drainEtaMs(lag: number, { produceRate, persistRate }: QueueRates): number | null {
  if (lag === 0) return 0;
  if (produceRate === null || persistRate === null) return null;
  const shrinking = persistRate - produceRate;
  return shrinking > 0 ? Math.round((lag / shrinking) * 1000) : null;
}
