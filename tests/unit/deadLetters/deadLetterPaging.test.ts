import { describe, expect, test } from 'vitest';
import {
  decodePageToken,
  encodePageToken,
  mergePage,
  nextWindow,
  startPositions,
  type MergedPage,
  type PageOrder,
  type PartitionBounds,
  type PartitionStream,
  type StreamItem,
} from '../../../electron/main/core/analysis/deadLetterPaging';

/** A small deterministic generator: the same partitions every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Topic {
  bounds: PartitionBounds[];
  records: Map<number, StreamItem[]>;
}

/** Partitions with timestamps that mostly rise, sometimes fall back (producers' clocks differ) and tie. */
function topic(seed: number, partitions: number): Topic {
  const next = random(seed);
  const records = new Map<number, StreamItem[]>();
  const bounds: PartitionBounds[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const low = Math.floor(next() * 5);
    const count = Math.floor(next() * 30);
    let time = 1_000;
    const items: StreamItem[] = [];
    for (let offset = low; offset < low + count; offset++) {
      time += Math.floor(next() * 10) - 2;
      items.push({ partition, offset, timestamp: time });
    }
    records.set(partition, items);
    bounds.push({ partition, from: low, to: low + count });
  }
  return { bounds, records };
}

/**
 * What a reader does for one page: per partition, windows from its position until it holds
 * `limit` matches or spends `budget` offsets, keeping only matches, as listDeadLetters does.
 */
function readPage(t: Topic, order: PageOrder, positions: Map<number, number>, limit: number, budget: number, matches: (i: StreamItem) => boolean, window: number) {
  return t.bounds.map((b): PartitionStream<StreamItem> => {
    let at = positions.get(b.partition)!;
    const items: StreamItem[] = [];
    let spent = 0;
    for (let w = nextWindow(b, order, at, Math.min(window, budget)); w !== null && items.length < limit && spent < budget; w = nextWindow(b, order, at, Math.min(window, budget - spent))) {
      const inWindow = t.records.get(b.partition)!.filter((r) => r.offset >= w!.from && r.offset < w!.to && matches(r));
      items.push(...(order === 'newest' ? inWindow.reverse() : inWindow));
      at = order === 'oldest' ? w.to : w.from;
      spent += w.to - w.from;
    }
    return { partition: b.partition, items, readTo: at, exhausted: nextWindow(b, order, at, 1) === null };
  });
}

/** The whole topic in one merge: what every sequence of pages must add up to. */
function fullMerge(t: Topic, order: PageOrder, matches: (i: StreamItem) => boolean): string[] {
  const streams = readPage(t, order, startPositions(t.bounds, order, null), Infinity, Infinity, matches, 1_000);
  return mergePage(streams, order, Infinity).items.map((i) => `${i.partition}/${i.offset}`);
}

describe('paging', () => {
  test.each([
    [1, 3, 'newest', 4, 1_000],
    [2, 5, 'oldest', 3, 1_000],
    [3, 4, 'newest', 1, 2],
    [4, 4, 'oldest', 7, 3],
    [5, 1, 'newest', 2, 1],
    [6, 8, 'oldest', 50, 5],
    [7, 6, 'newest', 5, 7],
  ] as const)('seed %i, %i partitions, %s first, pages of %i, budget %i: every record once, in merge order', (seed, partitions, order, limit, budget) => {
    const t = topic(seed, partitions);
    for (const matches of [() => true, (i: StreamItem) => i.offset % 3 === 0]) {
      const seen: string[] = [];
      let positions: Map<number, number> | null = startPositions(t.bounds, order, null);
      for (let pages = 0; positions !== null; pages++) {
        expect(pages).toBeLessThan(10_000);
        const page: MergedPage<StreamItem> = mergePage(readPage(t, order, positions, limit, budget, matches, 4), order, limit);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((i) => `${i.partition}/${i.offset}`));
        // Through the token, as a client passes it back.
        positions = page.positions === null ? null : startPositions(t.bounds, order, decodePageToken(encodePageToken({ order, pendingOnly: false, positions: page.positions }), order, false));
      }
      expect(seen).toEqual(fullMerge(t, order, matches));
    }
  });

  test('newest first puts the latest timestamp first across partitions, ties by partition', () => {
    const streams: PartitionStream<StreamItem>[] = [
      { partition: 0, items: [{ partition: 0, offset: 5, timestamp: 50 }, { partition: 0, offset: 4, timestamp: 30 }], readTo: 4, exhausted: true },
      { partition: 1, items: [{ partition: 1, offset: 9, timestamp: 50 }, { partition: 1, offset: 8, timestamp: 40 }], readTo: 8, exhausted: true },
    ];
    expect(mergePage(streams, 'newest', 10).items.map((i) => `${i.partition}/${i.offset}`)).toEqual(['0/5', '1/9', '1/8', '0/4']);
  });

  test('a stream with nothing in hand that is not exhausted stops the merge, and the token moves past what it read', () => {
    const streams: PartitionStream<StreamItem>[] = [
      { partition: 0, items: [{ partition: 0, offset: 3, timestamp: 10 }], readTo: 4, exhausted: false },
      { partition: 1, items: [], readTo: 50, exhausted: false },
    ];
    const page = mergePage(streams, 'oldest', 10);
    expect(page.items).toEqual([]);
    expect([...page.positions!]).toEqual([
      [0, 3],
      [1, 50],
    ]);
  });

  test('positions: a token is clamped to the bounds retention left; windows stay inside them', () => {
    const bounds = [{ partition: 0, from: 10, to: 20 }];
    expect([...startPositions(bounds, 'oldest', new Map([[0, 3]]))]).toEqual([[0, 10]]);
    expect([...startPositions(bounds, 'newest', new Map([[0, 30]]))]).toEqual([[0, 20]]);
    expect([...startPositions(bounds, 'newest', null)]).toEqual([[0, 20]]);
    expect(nextWindow(bounds[0]!, 'newest', 13, 5)).toEqual({ partition: 0, from: 10, to: 13 });
    expect(nextWindow(bounds[0]!, 'oldest', 18, 5)).toEqual({ partition: 0, from: 18, to: 20 });
    expect(nextWindow(bounds[0]!, 'oldest', 20, 5)).toBeNull();
    expect(nextWindow(bounds[0]!, 'newest', 10, 5)).toBeNull();
  });

  test('a token is refused when it is garbage or made for another order or scope', () => {
    const token = encodePageToken({ order: 'newest', pendingOnly: true, positions: new Map([[0, 4]]) });
    expect([...decodePageToken(token, 'newest', true)]).toEqual([[0, 4]]);
    expect(() => decodePageToken(token, 'oldest', true)).toThrow(/newest-first list of pending records/);
    expect(() => decodePageToken(token, 'newest', false)).toThrow(/start again/);
    for (const garbage of ['x', '', Buffer.from('{"v":2}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      expect(() => decodePageToken(garbage, 'newest', true)).toThrow(/not one this list gave out/);
    }
  });
});
