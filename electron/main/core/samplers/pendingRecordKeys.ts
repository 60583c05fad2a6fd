import type { Admin, Kafka } from 'kafkajs';
import { readOffsetRanges } from './offsetRangeReader';

export interface PendingRange {
  partition: number;
  /** The flusher group's committed offset (the topic's low watermark when it never committed). */
  from: number;
  /** The high watermark: the records in [from, to) are not persisted yet. */
  to: number;
}

/** The records each partition holds that the group has not committed, from the admin's offsets. */
export async function pendingRanges(admin: Admin, topic: string, groupId: string): Promise<PendingRange[]> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const commits = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return ends.map((end) => {
    const low = Number(end.low);
    const at = commits.get(end.partition) ?? -1;
    return { partition: end.partition, from: at >= low ? at : low, to: Number(end.high) };
  });
}

export interface PendingReadOptions {
  /** Records read at most, shared evenly between the partitions with pending records. */
  limit: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PendingRead {
  pendingRecords: number;
  scannedRecords: number;
  /** Not every pending record was (or could be) read. */
  bounded: boolean;
}

/**
 * Reads the keys of the records not yet persisted (between the committed offset and the high
 * watermark), at most `limit` of them, handing each record's key to `onKey`.
 */
export async function readPendingKeys(kafka: Kafka, topic: string, ranges: readonly PendingRange[], options: PendingReadOptions, onKey: (key: Buffer | null) => void): Promise<PendingRead> {
  const pending = ranges.filter((r) => r.to > r.from);
  const pendingRecords = pending.reduce((sum, r) => sum + (r.to - r.from), 0);
  if (pending.length === 0 || options.limit === 0 || options.signal?.aborted) return { pendingRecords, scannedRecords: 0, bounded: pendingRecords > 0 };
  const share = Math.max(1, Math.floor(options.limit / pending.length));
  let scannedRecords = 0;
  await readOffsetRanges(
    kafka,
    topic,
    ranges.map((r) => r.partition),
    pending.map((r) => ({ partition: r.partition, from: r.from, to: Math.min(r.to, r.from + share) })),
    {
      onMessage: (_partition, message) => {
        scannedRecords++;
        onKey(message.key);
      },
      onRangeEnd: () => null,
    },
    { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return { pendingRecords, scannedRecords, bounded: scannedRecords < pendingRecords };
}
