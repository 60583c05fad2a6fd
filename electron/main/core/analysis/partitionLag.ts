/** One partition of a topic as a consumer group sees it. */
export interface PartitionOffsets {
  partition: number;
  /** First offset still in the log. */
  low: number;
  /** Offset the next record appended will get (the high watermark). */
  high: number;
  /** The group's committed offset: the next record it will process; null if it never committed. */
  committed: number | null;
}

/**
 * Where the group resumes: its committed offset, or the low watermark when it never
 * committed (a new flusher group starts at the beginning, so nothing queued is skipped).
 */
export function resumeOffset(p: PartitionOffsets): number {
  return p.committed ?? p.low;
}

/**
 * Records appended but not yet committed, as Kafka's own tools count them (high watermark
 * minus committed offset). Never negative: a committed offset past the end (a recreated
 * topic) means nothing is pending.
 */
export function partitionLag(p: PartitionOffsets): number {
  return Math.max(0, p.high - resumeOffset(p));
}
