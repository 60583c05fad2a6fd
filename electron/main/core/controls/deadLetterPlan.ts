import type { Admin, Kafka } from 'kafkajs';
import type { CursorSpan, OffsetRange, ParsedReplayTarget } from '../../../../shared/contracts/replay';
import { ledgerRunsAhead } from '../analysis/deadLetterLedger';
import { OffsetRangeSet } from '../analysis/offsetRangeSet';
import { readLedgerRuns } from '../deadLetters/replayLedger';
import type { PartitionSpan } from './deadLetterStream';

/** Where parked records go. */
export function parkingTopicOf(dlqTopic: string): string {
  return `${dlqTopic}.parked`;
}

/** What a replay, park or dry run reads: per partition from the cursor to the end as it is now, and what the ledger says. */
export interface DeadLetterPlan {
  /** Every partition of the DLQ. */
  partitions: number[];
  /** Per partition with something pending: the committed cursor (the low watermark without one) and the end. */
  cursors: CursorSpan[];
  /** What to read: the cursor to the end, or for named offsets only the part of it they cover. */
  spans: PartitionSpan[];
  /** Handled records past the cursor, from the ledger. */
  ledger: OffsetRangeSet;
  /** Ledger keys whose run lies below the cursor: tombstoned once a run commits past them. */
  ledgerRuns: Map<string, OffsetRange>;
  /** The topic names of the cluster, to tell a missing destination before producing to it. */
  topics: Set<string>;
  /** The selection of an `offsets` target. */
  selection: OffsetRangeSet | null;
}

/** Reads the DLQ's offsets, the cursor group's commits and the ledger. */
export async function planDeadLetters(kafka: Kafka, admin: Admin, dlqTopic: string, replayGroup: string, target: ParsedReplayTarget, signal: AbortSignal): Promise<DeadLetterPlan> {
  const [ends, [committed], topics] = await Promise.all([admin.fetchTopicOffsets(dlqTopic), admin.fetchOffsets({ groupId: replayGroup, topics: [dlqTopic] }), admin.listTopics()]);
  const commits = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  const cursors: CursorSpan[] = ends
    .map((end) => {
      const low = Number(end.low);
      const at = commits.get(end.partition) ?? -1;
      return { partition: end.partition, cursor: at >= low ? at : low, end: Number(end.high) };
    })
    .sort((a, b) => a.partition - b.partition);
  const selection = target.by === 'offsets' ? new OffsetRangeSet(target.ranges) : null;
  const wanted = selection ? new Map(selection.spans().map((s) => [s.partition, s])) : null;
  const spans: PartitionSpan[] = [];
  for (const { partition, cursor, end } of cursors) {
    if (!wanted) {
      spans.push({ partition, start: cursor, end });
      continue;
    }
    const named = wanted.get(partition);
    if (named) spans.push({ partition, start: Math.max(cursor, named.from), end: Math.min(end, named.to + 1) });
  }
  const topicSet = new Set(topics);
  const ledgerRuns = await readLedgerRuns(kafka, admin, dlqTopic, signal);
  const cursorOf = new Map(cursors.map((c) => [c.partition, c.cursor]));
  return {
    partitions: cursors.map((c) => c.partition),
    cursors,
    spans: spans.filter((s) => s.end > s.start),
    ledger: ledgerRunsAhead(ledgerRuns.values(), cursorOf),
    ledgerRuns,
    topics: topicSet,
    selection,
  };
}

