import type { Admin, Kafka } from 'kafkajs';
import type { PartitionBounds } from '../analysis/deadLetterPaging';
import { ledgerRunsAhead } from '../analysis/deadLetterLedger';
import { OffsetRangeSet } from '../analysis/offsetRangeSet';
import { readLedgerRuns } from './replayLedger';

/** One DLQ partition's offsets: its watermarks and the replay cursor (null when the group never committed). */
export interface DeadLetterPartition {
  partition: number;
  low: number;
  high: number;
  cursor: number | null;
}

/**
 * Which dead letters are still to replay: past the replay group's committed offset, and not
 * replayed or parked out of order (the ledger, docs/write-behind-conventions.md §5).
 * `isPending` is the one question every reader asks.
 */
export class ReplayCursor {
  private readonly byPartition: ReadonlyMap<number, DeadLetterPartition>;

  constructor(
    readonly partitions: readonly DeadLetterPartition[],
    /** Records past the cursor already handled (the ledger's runs). */
    private readonly handled: OffsetRangeSet = new OffsetRangeSet([]),
  ) {
    this.byPartition = new Map(partitions.map((p) => [p.partition, p]));
  }

  /** The first offset of a partition not replayed yet (the low watermark when the cursor is older or absent). */
  pendingFrom(partition: number): number {
    const p = this.byPartition.get(partition);
    if (p === undefined) return 0;
    return Math.max(p.low, p.cursor ?? p.low);
  }

  isPending(partition: number, offset: number): boolean {
    return offset >= this.pendingFrom(partition) && !this.handled.has(partition, offset);
  }

  /** What a browse covers per partition: everything the topic holds, or only what is pending. */
  bounds(pendingOnly: boolean): PartitionBounds[] {
    return this.partitions.map((p) => ({ partition: p.partition, from: pendingOnly ? this.pendingFrom(p.partition) : p.low, to: p.high }));
  }
}

/** The DLQ's watermarks, the replay group's committed offsets and the ledger, read now. */
export async function readReplayCursor(kafka: Kafka, admin: Admin, dlqTopic: string, replayGroup: string): Promise<ReplayCursor> {
  const [ends, [committed], ledger] = await Promise.all([
    admin.fetchTopicOffsets(dlqTopic),
    admin.fetchOffsets({ groupId: replayGroup, topics: [dlqTopic] }),
    readLedgerRuns(kafka, admin, dlqTopic),
  ]);
  const cursors = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  const partitions = ends
    .map((end) => {
      const cursor = cursors.get(end.partition);
      return { partition: end.partition, low: Number(end.low), high: Number(end.high), cursor: cursor === undefined || cursor < 0 ? null : cursor };
    })
    .sort((a, b) => a.partition - b.partition);
  const handled = ledgerRunsAhead(ledger.values(), new Map(partitions.map((p) => [p.partition, p.cursor ?? p.low])));
  return new ReplayCursor(partitions, handled);
}
