import type { DlqDepth, GroupLag, LagReport } from './contracts/writeBehind';

/**
 * The queue as it was last read. While Kafka cannot be read, the pages keep showing it,
 * marked stale with its age, instead of going blank in the middle of an incident.
 */
export interface LastKnownQueue {
  group: GroupLag;
  dlq: DlqDepth | null;
  /** When it was read. */
  at: number;
}

/** What is known of the queue after `report`: its own reading, else the last one (of the same profile). */
export function lastKnownQueue(previous: LastKnownQueue | null, report: LagReport): LastKnownQueue | null {
  const group = report.groups[0];
  return group ? { group, dlq: report.dlq, at: report.sampledAt } : previous;
}

/** The report's issues, each message once: the queue and the DLQ failing for one reason are one banner. */
export function issueMessages(report: LagReport | null): string[] {
  return [...new Set((report?.issues ?? []).map((issue) => issue.error.message))];
}
