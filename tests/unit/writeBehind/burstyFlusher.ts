import type { PartitionOffsets } from '../../../electron/main/core/analysis/partitionLag';

/** A small deterministic generator (an LCG), so the series is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export interface OffsetsAt {
  at: number;
  partitions: PartitionOffsets[];
}

/**
 * A flusher that keeps up in bursts: writers add 30–50 records a second to each of three
 * partitions; every 1–4 s the flusher commits all but 20–120 of them. One reading a second.
 */
export function burstyFlusher(seconds: number, seed = 32): OffsetsAt[] {
  const next = random(seed);
  const partitions = [0, 1, 2].map((partition) => ({ partition, low: 0, high: 100, committed: 0 }));
  const readings: OffsetsAt[] = [];
  let nextFlush = 2;
  for (let t = 0; t <= seconds; t++) {
    const flush = t >= nextFlush;
    if (flush) nextFlush = t + 1 + Math.floor(next() * 4);
    for (const p of partitions) {
      p.high += Math.round(30 + next() * 20);
      if (flush) p.committed = Math.max(p.committed, p.high - Math.round(20 + next() * 100));
    }
    readings.push({ at: t * 1_000, partitions: partitions.map((p) => ({ ...p })) });
  }
  return readings;
}
