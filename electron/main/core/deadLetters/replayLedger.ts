import type { Admin, Kafka } from 'kafkajs';
import type { OffsetRange } from '../../../../shared/contracts/replay';
import { ledgerKey, parseLedgerEntry } from '../analysis/deadLetterLedger';
import { readOffsetRanges, withFetcher } from '../samplers/offsetRangeReader';

/** The compacted topic recording dead letters handled past the cursor (analysis/deadLetterLedger.ts). */
export function ledgerTopicOf(dlqTopic: string): string {
  return `${dlqTopic}.replayed`;
}

/** How long reading the ledger may take: it is small (compacted, tombstoned as the cursor passes). */
const ledgerReadTimeoutMs = 20_000;

/**
 * The ledger's live runs by key (a tombstone removes its key), read straight from its
 * partitions; empty when the ledger topic does not exist. The replay plans with it, and the
 * DLQ browser counts its runs as handled.
 */
export async function readLedgerRuns(kafka: Kafka, admin: Admin, dlqTopic: string, signal?: AbortSignal): Promise<Map<string, OffsetRange>> {
  const topic = ledgerTopicOf(dlqTopic);
  const runs = new Map<string, OffsetRange>();
  if (!(await admin.listTopics()).includes(topic)) return runs;
  const offsets = await admin.fetchTopicOffsets(topic);
  const { complete } = await withFetcher(kafka, (fetcher) =>
    readOffsetRanges(
      fetcher,
      topic,
      offsets.map((o) => ({ partition: o.partition, from: Number(o.low), to: Number(o.high) })),
      {
        onMessage: (_partition, message) => {
          const key = message.key?.toString('utf8');
          if (key === undefined) return;
          const entry = parseLedgerEntry(message.value);
          if (entry === null) runs.delete(key);
          else if (ledgerKey(entry) === key) runs.set(key, { partition: entry.partition, from: entry.from, to: entry.to });
        },
        onRangeEnd: () => null,
      },
      { timeoutMs: ledgerReadTimeoutMs, ...(signal ? { signal } : {}) },
    ),
  );
  // A partial ledger would let a replay redo a selection: better to stop and say so.
  if (!complete) throw new Error(`the replay ledger ${topic} could not be read in full within ${ledgerReadTimeoutMs / 1000} s`);
  return runs;
}
