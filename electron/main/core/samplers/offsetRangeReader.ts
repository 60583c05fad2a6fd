import type { Kafka, KafkaMessage } from 'kafkajs';
import { OffsetOutOfRange, PartitionFetcher, type PartitionFetcherOptions } from '../connections/partitionFetcher';

/** The records `from` ≤ offset < `to` of one partition. */
export interface OffsetRange {
  partition: number;
  from: number;
  to: number;
}

export interface RangeReadHandlers {
  /** A record of the range being read, in offset order, each offset once. */
  onMessage(partition: number, message: KafkaMessage): void;
  /**
   * The partition's range was read to its end: the next range to read on it (anywhere, before
   * or after), or null when the partition is done.
   */
  onRangeEnd(range: OffsetRange): OffsetRange | null;
}

export interface RangeReadOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RangeRead {
  /** Every partition reached the end of its last range before the time ran out or the signal aborted. */
  complete: boolean;
}

/**
 * Reads ranges of offsets of one topic, whole records, straight from the partitions' leaders
 * (one fetch per leader per round, every unfinished range in it; no consumer group: see
 * connections/partitionFetcher.ts). A range whose start retention deleted continues from the
 * log start; a range ends when a fetch reaches past it or brings nothing new (the rest is
 * past the last stable offset, or transaction markers).
 */
export async function readOffsetRanges(
  fetcher: PartitionFetcher,
  topic: string,
  ranges: readonly OffsetRange[],
  handlers: RangeReadHandlers,
  options: RangeReadOptions,
): Promise<RangeRead> {
  const current = new Map<number, OffsetRange & { next: number }>();
  for (const range of ranges) {
    if (range.to > range.from) current.set(range.partition, { ...range, next: range.from });
  }
  if (current.size === 0) return { complete: true };
  const deadline = Date.now() + options.timeoutMs;
  await fetcher.partitionCount(topic);
  const finish = (range: OffsetRange & { next: number }) => {
    const following = handlers.onRangeEnd({ partition: range.partition, from: range.from, to: range.to });
    if (following !== null && following.to > following.from) current.set(range.partition, { ...following, next: following.from });
    else current.delete(range.partition);
  };
  while (current.size > 0) {
    if (options.signal?.aborted || Date.now() > deadline) return { complete: false };
    let fetched;
    try {
      fetched = await fetcher.fetch(topic, [...current.values()].map((r) => ({ partition: r.partition, offset: String(r.next) })));
    } catch (err) {
      if (!(err instanceof OffsetOutOfRange)) throw err;
      const starts = await fetcher.listOffsets(topic, [err.partition], 'earliest');
      const range = current.get(err.partition)!;
      range.next = Math.max(range.next, Number(starts.get(err.partition) ?? range.to));
      if (range.next >= range.to) finish(range);
      continue;
    }
    for (const { partition, messages, nextOffset } of fetched) {
      const range = current.get(partition);
      if (!range) continue;
      for (const message of messages) {
        const offset = Number(message.offset);
        if (offset < range.next) continue;
        if (offset >= range.to) break;
        handlers.onMessage(partition, message);
      }
      const next = Number(nextOffset);
      if (next >= range.to || next === range.next) finish(range);
      else range.next = next;
    }
  }
  return { complete: true };
}

/** Runs `read` with a fetcher of its own, closed after. */
export async function withFetcher<T>(kafka: Kafka, read: (fetcher: PartitionFetcher) => Promise<T>, options: PartitionFetcherOptions = {}): Promise<T> {
  const fetcher = new PartitionFetcher(kafka, options);
  try {
    return await read(fetcher);
  } finally {
    await fetcher.disconnect();
  }
}
