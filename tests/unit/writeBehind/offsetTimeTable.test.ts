import { describe, expect, test } from 'vitest';
import {
  producedAtBounds,
  trimBelow,
  withHighWatermark,
  withRead,
  type OffsetTimeTable,
} from '../../../electron/main/core/analysis/offsetTimeTable';

const samples = (...points: Array<[offset: number, at: number]>): OffsetTimeTable =>
  points.reduce<OffsetTimeTable>((table, [offset, at]) => withHighWatermark(table, offset, at), []);

describe('producedAtBounds', () => {
  test('a record appended between two samples is bracketed by them', () => {
    const table = samples([10, 1_000], [20, 2_000], [30, 3_000]);
    // Offset 25 did not exist at 2 000 (the log ended at 20) and existed at 3 000.
    expect(producedAtBounds(table, 25)).toEqual({ earliest: 2_000, latest: 3_000 });
    // The log ended exactly at 20 when sampled at 2 000: record 20 came after.
    expect(producedAtBounds(table, 20)).toEqual({ earliest: 2_000, latest: 3_000 });
  });

  test('nothing below an offset means it cannot be dated', () => {
    const table = samples([10, 1_000]);
    expect(producedAtBounds(table, 5)).toEqual({ earliest: null, latest: 1_000 });
  });

  test('a read dates its record exactly', () => {
    const table = withRead(samples([10, 1_000], [20, 2_000]), 12, 1_400);
    expect(producedAtBounds(table, 12)).toEqual({ earliest: 1_400, latest: 1_400 });
    // Later records are at least as young as the one read.
    expect(producedAtBounds(table, 15)).toEqual({ earliest: 1_400, latest: 2_000 });
  });
});

describe('table upkeep', () => {
  test('an unchanged high watermark keeps only its latest sample, which says the most', () => {
    const table = samples([10, 1_000], [10, 2_000], [10, 3_000]);
    expect(table).toEqual([{ offset: 10, at: 3_000, exact: false }]);
  });

  test('a read beats a sample at the same offset, whatever their order', () => {
    const read = { offset: 10, at: 900, exact: true };
    expect(withRead(samples([10, 1_000]), 10, 900)).toEqual([read]);
    expect(withHighWatermark(withRead([], 10, 900), 10, 1_000)).toEqual([read]);
  });

  test('a log that ends earlier than before was recreated: its past is forgotten', () => {
    const table = samples([10, 1_000], [20, 2_000], [5, 3_000]);
    expect(table).toEqual([{ offset: 5, at: 3_000, exact: false }]);
  });

  test('trimming keeps the point that brackets the offset from below', () => {
    const table = samples([10, 1_000], [20, 2_000], [30, 3_000]);
    expect(trimBelow(table, 25).map((p) => p.offset)).toEqual([20, 30]);
    expect(trimBelow(table, 5)).toBe(table);
  });

  test('beyond its capacity the table merges its narrowest brackets and keeps both ends', () => {
    let table: OffsetTimeTable = [];
    const times = [0, 100, 200, 1_000, 1_050, 2_000, 3_000, 3_010];
    times.forEach((at, i) => (table = withHighWatermark(table, (i + 1) * 10, at, 5)));
    expect(table).toHaveLength(5);
    expect(table[0]!.offset).toBe(10);
    expect(table.at(-1)!.offset).toBe(80);
    // Every offset stays bracketed by points it was bracketed by before, only wider.
    for (let offset = 10; offset < 80; offset++) {
      const { earliest, latest } = producedAtBounds(table, offset);
      expect(earliest).not.toBeNull();
      expect(latest).not.toBeNull();
      expect(earliest!).toBeLessThanOrEqual(latest!);
    }
  });
});
