import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import type { PartitionFetcher } from '../connections/partitionFetcher';
import { readOffsetRanges, withFetcher } from './offsetRangeReader';

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
  /** Every range was read to its end (transaction markers make fewer records than offsets). */
  complete: boolean;
}

/**
 * Reads the records in each range [from, to), at most `limit` of them in all (shared evenly
 * between the ranges), handing each whole message to `onRecord` in offset order per
 * partition (offsetRangeReader.ts: no consumer group). Stops at the limit, the deadline or
 * the signal: `bounded` then says not every record was read.
 */
export async function readRanges(
  fetcher: PartitionFetcher,
  topic: string,
  ranges: readonly PendingRange[],
  options: PendingReadOptions,
  onRecord: (partition: number, message: KafkaMessage) => void,
): Promise<PendingRead> {
  const pending = ranges.filter((r) => r.to > r.from);
  const pendingRecords = pending.reduce((sum, r) => sum + (r.to - r.from), 0);
  if (pending.length === 0 || options.limit === 0 || options.signal?.aborted) return { pendingRecords, scannedRecords: 0, bounded: pendingRecords > 0, complete: pending.length === 0 };
  const share = Math.max(1, Math.floor(options.limit / pending.length));
  let scannedRecords = 0;
  const { complete } = await readOffsetRanges(
    fetcher,
    topic,
    pending.map((r) => ({ partition: r.partition, from: r.from, to: Math.min(r.to, r.from + share) })),
    {
      onMessage: (partition, message) => {
        scannedRecords++;
        onRecord(partition, message);
      },
      onRangeEnd: () => null,
    },
    { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return { pendingRecords, scannedRecords, bounded: !complete || scannedRecords < pendingRecords, complete };
}

/** `readRanges` with a fetcher of its own, handing each record's key to `onKey`. */
export function readPendingKeys(kafka: Kafka, topic: string, ranges: readonly PendingRange[], options: PendingReadOptions, onKey: (key: Buffer | null) => void): Promise<PendingRead> {
  return withFetcher(kafka, (fetcher) => readRanges(fetcher, topic, ranges, options, (_, message) => onKey(message.key)));
}
