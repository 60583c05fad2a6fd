import type { KafkaMessage } from 'kafkajs';
import type { PendingWrite, PendingWrites } from '../../../../shared/contracts/investigate';
import { readWriteEnvelope } from '../../../../shared/writeBehindProtocol';
import { partitionForKey } from '../analysis/murmur2';
import type { PartitionFetcher } from '../connections/partitionFetcher';
import { readRanges, type PendingRange } from '../samplers/pendingRecordKeys';

/** How much a key's records cost at most to find. */
export interface KeyRecordLimits {
  /** Records read at most per topic (queue or DLQ). */
  records: number;
  /** Pending writes listed per key (all are counted). */
  listed: number;
  timeoutMs: number;
}

export const defaultKeyRecordLimits: KeyRecordLimits = { records: 100_000, listed: 100, timeoutMs: 15_000 };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The records of `partitions` not yet past `group`'s committed offset: [committed, end). A
 * group that never committed starts at offset 0; where retention deleted the head, the read
 * continues at the log start (readRanges), which saves asking for it.
 */
export async function uncommittedRanges(fetcher: PartitionFetcher, topic: string, group: string, partitions: readonly number[]): Promise<PendingRange[]> {
  const [committed, ends] = await Promise.all([fetcher.committedOffsets(group, topic, partitions), fetcher.listOffsets(topic, partitions, 'latest')]);
  return partitions.map((partition) => ({ partition, from: Math.max(0, Number(committed.get(partition) ?? -1)), to: Number(ends.get(partition) ?? 0) }));
}

export interface FoundRecord {
  partition: number;
  message: KafkaMessage;
}

export interface KeyRecordsRead {
  /** Per wanted key (hex): its records, oldest first per partition, at most `listed`; and how many there were. */
  byKey: Map<string, { records: FoundRecord[]; count: number }>;
  scanned: number;
  complete: boolean;
}

/** Reads the ranges once and keeps the records whose key is one of `keys` (hex). */
export async function recordsOfKeys(
  fetcher: PartitionFetcher,
  topic: string,
  ranges: readonly PendingRange[],
  keys: ReadonlySet<string>,
  limits: KeyRecordLimits,
  signal?: AbortSignal,
): Promise<KeyRecordsRead> {
  const byKey = new Map<string, { records: FoundRecord[]; count: number }>();
  const read = await readRanges(fetcher, topic, ranges, { limit: limits.records, timeoutMs: limits.timeoutMs, signal }, (partition, message) => {
    if (!message.key) return;
    const hex = message.key.toString('hex');
    if (!keys.has(hex)) return;
    const found = byKey.get(hex) ?? { records: [], count: 0 };
    found.count++;
    if (found.records.length < limits.listed) found.records.push({ partition, message });
    byKey.set(hex, found);
  });
  return { byKey, scanned: read.scannedRecords, complete: read.complete };
}

/** A queue record as a pending write: the envelope's op and version, its age from producedAt (else the record's timestamp). */
export function pendingWriteOf({ partition, message }: FoundRecord, now: number): PendingWrite {
  const envelope = readWriteEnvelope(message.value);
  const timestamp = Number(message.timestamp);
  const producedAt = envelope?.producedAt ?? (Number.isFinite(timestamp) && timestamp > 0 ? timestamp : null);
  return {
    partition,
    offset: message.offset,
    version: envelope?.version ?? null,
    op: envelope?.op ?? null,
    ageMs: producedAt === null ? null : Math.max(0, Math.round(now - producedAt)),
  };
}

/** Why the computed partition deserves a caveat: a key that is not text could only come from a producer sending bytes. */
function partitionCaveat(key: Uint8Array): string | null {
  try {
    strictUtf8.decode(key);
    return null;
  } catch {
    return 'the key is not UTF-8 text: its partition is computed from its bytes, which is where a producer sending them as a byte key puts it';
  }
}

/**
 * The key's writes still queued for the flusher: the key's partition (murmur2, as the
 * producer's default partitioner computed it), read from the flusher group's committed offset
 * to its end, keeping the records with this key. Only that partition is read.
 */
export async function pendingWritesForKey(
  fetcher: PartitionFetcher,
  key: Buffer,
  names: { queueTopic: string; flusherGroup: string },
  limits: KeyRecordLimits,
  now: () => number,
): Promise<PendingWrites> {
  const topic = names.queueTopic;
  const partitions = await fetcher.partitionCount(topic);
  const empty = { topic, committedOffset: null, endOffset: null, records: [], matching: 0, scanned: 0 };
  if (partitions === null) {
    return { ...empty, partition: null, partitionNote: `the queue topic "${topic}" does not exist, so the key's partition cannot be known`, complete: false, error: null };
  }
  const partition = partitionForKey(key, partitions);
  const [range] = await uncommittedRanges(fetcher, topic, names.flusherGroup, [partition]);
  const read = await recordsOfKeys(fetcher, topic, [range!], new Set([key.toString('hex')]), limits);
  const found = read.byKey.get(key.toString('hex'));
  const at = now();
  return {
    topic,
    partition,
    partitionNote: partitionCaveat(key),
    committedOffset: String(range!.from),
    endOffset: String(range!.to),
    records: (found?.records ?? []).map((r) => pendingWriteOf(r, at)),
    matching: found?.count ?? 0,
    scanned: read.scanned,
    complete: read.complete,
    error: null,
  };
}

/**
 * Counts the key's dead letters that the replay cursor has not passed: every partition of the
 * DLQ from the replay group's committed offset, within the read bound (DLQ producers do not all
 * keep the original partitioning, so the key can be anywhere).
 */
export async function deadLettersForKeys(
  fetcher: PartitionFetcher,
  keys: ReadonlySet<string>,
  names: { dlqTopic: string; replayGroup: string },
  limits: KeyRecordLimits,
  signal?: AbortSignal,
): Promise<KeyRecordsRead | null> {
  const partitions = await fetcher.partitionCount(names.dlqTopic);
  if (partitions === null) return null;
  const ranges = await uncommittedRanges(fetcher, names.dlqTopic, names.replayGroup, Array.from({ length: partitions }, (_, i) => i));
  return recordsOfKeys(fetcher, names.dlqTopic, ranges, keys, { ...limits, listed: 0 }, signal);
}
