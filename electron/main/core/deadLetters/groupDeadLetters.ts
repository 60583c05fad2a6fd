import type { DeadLetterGroups } from '../../../../shared/contracts/deadLetters';
import type { DeadLetterFilter } from '../../../../shared/contracts/deadLetterFilter';
import { deadLetterMatcher } from '../analysis/deadLetterFilter';
import { ErrorGroups } from '../analysis/errorGroups';
import { kafkaReadError } from '../connections/kafkaErrors';
import { readOffsetRanges, withFetcher } from '../samplers/offsetRangeReader';
import { failedAtOf, readDeadLetter } from './deadLetterRow';
import { deadLetterReadTimeoutMs, openCursor, type DeadLetterSource } from './deadLetterSource';

export interface GroupsRequest {
  filter: DeadLetterFilter;
  pendingOnly: boolean;
  scanLimit: number;
}

/** Distinct error patterns kept; a topic of ever-new messages cannot grow the answer past this. */
const maxGroups = 200;

/**
 * The matching dead letters grouped by normalised error message and kind. The newest records
 * are what an incident is about: each partition contributes its newest share of `scanLimit`,
 * and `bounded` says when older records were left out.
 */
export async function groupDeadLetters(source: DeadLetterSource, request: GroupsRequest): Promise<DeadLetterGroups> {
  const { dlqTopic } = source.conventions;
  const cursor = await openCursor(source);
  const bounds = cursor.bounds(request.pendingOnly);
  const withRecords = bounds.filter((b) => b.to > b.from);
  const share = Math.max(1, Math.floor(request.scanLimit / Math.max(1, withRecords.length)));
  const ranges = withRecords.map((b) => ({ partition: b.partition, from: Math.max(b.from, b.to - share), to: b.to }));
  const matches = deadLetterMatcher(request.filter);
  const groups = new ErrorGroups(maxGroups);
  let scannedRecords = 0;
  let complete: boolean;
  try {
    ({ complete } = await withFetcher(source.kafka, (fetcher) =>
      readOffsetRanges(
        fetcher,
        dlqTopic,
        ranges,
        {
          onMessage: (partition, message) => {
            scannedRecords++;
            const letter = readDeadLetter(partition, message);
            if (!matches(letter) || (request.pendingOnly && !cursor.isPending(partition, letter.offset))) return;
            groups.add({ partition, offset: message.offset, at: failedAtOf(letter), error: letter.origin.error, errorKind: letter.origin.errorKind });
          },
          onRangeEnd: () => null,
        },
        { timeoutMs: deadLetterReadTimeoutMs },
      ),
    ));
  } catch (err) {
    throw kafkaReadError(err, source.target, dlqTopic);
  }
  const totalRecords = bounds.reduce((sum, b) => sum + (b.to - b.from), 0);
  const covered = ranges.reduce((sum, r) => sum + (r.to - r.from), 0);
  return {
    topic: dlqTopic,
    pendingOnly: request.pendingOnly,
    groups: groups.list().map((g) => ({
      pattern: g.pattern,
      errorKind: g.errorKind,
      count: g.count,
      firstSeen: g.firstSeen,
      lastSeen: g.lastSeen,
      example: { partition: g.example.partition, offset: g.example.offset, error: g.example.error },
    })),
    ungrouped: groups.ungrouped,
    totalRecords,
    scannedRecords,
    bounded: !complete || covered < totalRecords,
  };
}
