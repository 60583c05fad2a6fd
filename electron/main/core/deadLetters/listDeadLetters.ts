import type { DeadLetterPage, DeadLetterRow } from '../../../../shared/contracts/deadLetters';
import type { DeadLetterFilter } from '../../../../shared/contracts/deadLetterFilter';
import { deadLetterMatcher } from '../analysis/deadLetterFilter';
import {
  decodePageToken,
  encodePageToken,
  mergePage,
  nextWindow,
  startPositions,
  type PageOrder,
  type PartitionBounds,
  type PartitionStream,
  type StreamItem,
} from '../analysis/deadLetterPaging';
import { kafkaReadError } from '../connections/kafkaErrors';
import { readOffsetRanges, withFetcher, type OffsetRange } from '../samplers/offsetRangeReader';
import { deadLetterRow, readDeadLetter } from './deadLetterRow';
import { deadLetterReadTimeoutMs, openCursor, type DeadLetterSource } from './deadLetterSource';

export interface ListRequest {
  filter: DeadLetterFilter;
  order: PageOrder;
  pendingOnly: boolean;
  limit: number;
  pageToken?: string | undefined;
  scanLimit: number;
}

/**
 * Records read per window at most. A partition's first window is a page's worth (enough when
 * most records match), and each next one twice the last: a sparse filter reaches the big
 * windows quickly, a page of large values does not read 500 of them.
 */
const windowRecords = 500;

interface RowItem extends StreamItem {
  row: DeadLetterRow;
}

/** One partition's reading for a page: its stream so far, and the window being read. */
interface PartitionReading extends PartitionStream<RowItem> {
  bounds: PartitionBounds;
  /** Offsets covered by finished windows, against the partition's share of the scan budget. */
  spent: number;
  scanned: number;
  window: RowItem[];
  /** Oldest first: the first match of the window left out because the page was full. */
  firstLeftOut: number | null;
  windowSize: number;
}

/**
 * One page of the DLQ (see analysis/deadLetterPaging.ts for the order and the token). Each
 * partition with records left is read in windows until it holds a page of matches, reaches
 * the end of its bounds or spends its share of `scanLimit`: oldest first forwards from the
 * token's offsets; newest first backwards, each window read forwards and reversed. A
 * partition holds at most `limit` rows, so memory is bounded by partitions × limit rows.
 */
export async function listDeadLetters(source: DeadLetterSource, request: ListRequest): Promise<DeadLetterPage> {
  const { order, pendingOnly, limit } = request;
  const { dlqTopic, replayGroup } = source.conventions;
  const from = request.pageToken === undefined ? null : decodePageToken(request.pageToken, order, pendingOnly);
  const cursor = await openCursor(source);
  const bounds = cursor.bounds(pendingOnly);
  const positions = startPositions(bounds, order, from);
  const matches = deadLetterMatcher(request.filter);

  const readings = new Map<number, PartitionReading>();
  for (const b of bounds) {
    const at = positions.get(b.partition)!;
    readings.set(b.partition, { partition: b.partition, bounds: b, items: [], readTo: at, exhausted: nextWindow(b, order, at, 1) === null, spent: 0, scanned: 0, window: [], firstLeftOut: null, windowSize: Math.min(windowRecords, limit) });
  }
  const active = [...readings.values()].filter((r) => !r.exhausted);
  const share = Math.max(1, Math.floor(request.scanLimit / Math.max(1, active.length)));
  const windowFor = (r: PartitionReading) => nextWindow(r.bounds, order, r.readTo, Math.min(r.windowSize, share - r.spent));

  const onMessage = (partition: number, message: Parameters<typeof readDeadLetter>[1]) => {
    const r = readings.get(partition)!;
    r.scanned++;
    const letter = readDeadLetter(partition, message);
    if (!matches(letter) || (pendingOnly && !cursor.isPending(partition, letter.offset))) return;
    const room = limit - r.items.length;
    if (order === 'oldest' && r.window.length >= room) {
      r.firstLeftOut ??= letter.offset;
      return;
    }
    r.window.push({ partition, offset: letter.offset, timestamp: letter.timestamp, row: deadLetterRow(letter, cursor.isPending(partition, letter.offset)) });
    // Newest first keeps the newest matches of the window: the older ones are read again later.
    if (order === 'newest' && r.window.length > room) r.window.shift();
  };

  const onRangeEnd = (range: OffsetRange): OffsetRange | null => {
    const r = readings.get(range.partition)!;
    const room = limit - r.items.length;
    if (order === 'oldest') {
      r.items.push(...r.window);
      r.readTo = r.firstLeftOut ?? range.to;
    } else {
      const full = r.window.length >= room && r.window.length > 0;
      r.items.push(...r.window.reverse());
      r.readTo = full ? r.window.at(-1)!.offset : range.from;
    }
    r.window = [];
    r.spent += range.to - range.from;
    r.windowSize = Math.min(windowRecords, r.windowSize * 2);
    r.exhausted = nextWindow(r.bounds, order, r.readTo, 1) === null;
    if (r.exhausted || r.items.length >= limit || r.spent >= share) return null;
    return windowFor(r);
  };

  const first = active.map(windowFor).filter((w): w is PartitionBounds => w !== null);
  let complete: boolean;
  try {
    ({ complete } = await withFetcher(source.kafka, (fetcher) => readOffsetRanges(fetcher, dlqTopic, first, { onMessage, onRangeEnd }, { timeoutMs: deadLetterReadTimeoutMs })));
  } catch (err) {
    throw kafkaReadError(err, source.target, dlqTopic);
  }
  const streams = [...readings.values()];
  const page = mergePage(streams, order, limit);
  return {
    topic: dlqTopic,
    replayGroup,
    order,
    pendingOnly,
    rows: page.items.map((item) => item.row),
    next: page.positions === null ? null : encodePageToken({ order, pendingOnly, positions: page.positions }),
    totalRecords: bounds.reduce((sum, b) => sum + (b.to - b.from), 0),
    scannedRecords: streams.reduce((sum, r) => sum + r.scanned, 0),
    bounded: !complete || (page.positions !== null && page.items.length < limit),
  };
}
