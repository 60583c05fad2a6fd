import { z } from 'zod';
import { AppError } from '../../../../shared/errors';

/**
 * Paging over a topic's partitions in time order, newest or oldest first, without holding
 * the topic. Each partition is a stream read in offset order (forwards for oldest first,
 * backwards in windows for newest first); a page is a k-way merge of the streams by record
 * timestamp. A page's token is, per partition, where its stream continues: the merge only
 * ever takes a prefix of each stream, so the pages in sequence are exactly the full merge,
 * with no gap and no repeat, whatever arrives on the topic meanwhile (newest first is
 * anchored below the high watermarks of its first page).
 */

export type PageOrder = 'newest' | 'oldest';

/** The offsets of a partition a browse covers: [from, to). */
export interface PartitionBounds {
  partition: number;
  from: number;
  to: number;
}

/**
 * Per partition, where its stream continues: oldest first, the next offset to read; newest
 * first, the offset below which reading continues (exclusive).
 */
export type Positions = ReadonlyMap<number, number>;

export interface StreamItem {
  partition: number;
  offset: number;
  timestamp: number;
}

/** What was read of one partition for a page. */
export interface PartitionStream<T extends StreamItem> {
  partition: number;
  /** The matching records read, in stream order (newest first: offsets descending). */
  items: T[];
  /** Where the stream continues after everything read (matching or not). */
  readTo: number;
  /** Nothing is left to read in the partition's bounds. */
  exhausted: boolean;
}

/** Where each partition starts: a token's position, clamped to the bounds (retention may have moved them). */
export function startPositions(bounds: readonly PartitionBounds[], order: PageOrder, from: Positions | null): Map<number, number> {
  const positions = new Map<number, number>();
  for (const b of bounds) {
    const at = from?.get(b.partition);
    if (order === 'oldest') positions.set(b.partition, Math.min(b.to, Math.max(b.from, at ?? b.from)));
    else positions.set(b.partition, Math.max(b.from, Math.min(b.to, at ?? b.to)));
  }
  return positions;
}

/** The next window of at most `size` records in stream order from `position`, or null when the bounds are read. */
export function nextWindow(bounds: PartitionBounds, order: PageOrder, position: number, size: number): PartitionBounds | null {
  if (order === 'oldest') {
    return position >= bounds.to ? null : { partition: bounds.partition, from: position, to: Math.min(bounds.to, position + size) };
  }
  return position <= bounds.from ? null : { partition: bounds.partition, from: Math.max(bounds.from, position - size), to: position };
}

function before<T extends StreamItem>(order: PageOrder, a: T, b: T): boolean {
  if (a.timestamp !== b.timestamp) return order === 'newest' ? a.timestamp > b.timestamp : a.timestamp < b.timestamp;
  if (a.partition !== b.partition) return a.partition < b.partition;
  return order === 'newest' ? a.offset > b.offset : a.offset < b.offset;
}

export interface MergedPage<T> {
  items: T[];
  /** Where the next page starts; null when every stream is exhausted and every item taken. */
  positions: Map<number, number> | null;
}

/**
 * Merges the streams into one page of at most `limit` items. The merge stops early when a
 * stream that is not exhausted has no item left in hand: its next item is unknown, and taking
 * another stream's would break the order. Such a page is short (possibly empty) but its token
 * still moves past everything read that did not match.
 */
export function mergePage<T extends StreamItem>(streams: readonly PartitionStream<T>[], order: PageOrder, limit: number): MergedPage<T> {
  const taken = new Map<number, number>(streams.map((s) => [s.partition, 0]));
  const items: T[] = [];
  while (items.length < limit) {
    let best: PartitionStream<T> | null = null;
    let blocked = false;
    for (const stream of streams) {
      const head = stream.items[taken.get(stream.partition)!];
      if (head === undefined) {
        if (!stream.exhausted) blocked = true;
        continue;
      }
      if (best === null || before(order, head, best.items[taken.get(best.partition)!]!)) best = stream;
    }
    if (blocked || best === null) break;
    const index = taken.get(best.partition)!;
    items.push(best.items[index]!);
    taken.set(best.partition, index + 1);
  }
  const positions = new Map<number, number>();
  let more = false;
  for (const stream of streams) {
    const next = stream.items[taken.get(stream.partition)!];
    if (next !== undefined) {
      more = true;
      positions.set(stream.partition, order === 'oldest' ? next.offset : next.offset + 1);
    } else {
      if (!stream.exhausted) more = true;
      positions.set(stream.partition, stream.readTo);
    }
  }
  return { items, positions: more ? positions : null };
}

const TokenSchema = z
  .object({
    v: z.literal(1),
    order: z.enum(['newest', 'oldest']),
    pendingOnly: z.boolean(),
    positions: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).max(10_000),
  })
  .strict();

export interface PageToken {
  order: PageOrder;
  pendingOnly: boolean;
  positions: Positions;
}

/** The page token: opaque to callers, base64url JSON inside. */
export function encodePageToken(token: PageToken): string {
  const body = { v: 1, order: token.order, pendingOnly: token.pendingOnly, positions: [...token.positions] };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** A token read back; INVALID_INPUT when it is not one of ours or was made for another order or scope. */
export function decodePageToken(text: string, order: PageOrder, pendingOnly: boolean): Positions {
  let parsed: ReturnType<typeof TokenSchema.safeParse>;
  try {
    parsed = TokenSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('INVALID_INPUT', 'the page token is not one this list gave out');
  }
  if (!parsed.success) throw new AppError('INVALID_INPUT', 'the page token is not one this list gave out');
  if (parsed.data.order !== order || parsed.data.pendingOnly !== pendingOnly) {
    throw new AppError('INVALID_INPUT', `the page token continues a ${parsed.data.order}-first list of ${parsed.data.pendingOnly ? 'pending' : 'all'} records; start again without it`);
  }
  return new Map(parsed.data.positions);
}
