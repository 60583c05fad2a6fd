import { expect, test } from 'vitest';
import { PointColumns } from '../../../renderer/src/charts/pointColumns';

const t0 = 1_800_000_000_000;

function contents(columns: PointColumns): Array<[number, number]> {
  return Array.from({ length: columns.length }, (_, i) => [columns.timeAt(i), columns.valueAt(i)]);
}

test('points from the wire keep their order; a null is a gap (NaN)', () => {
  const columns = PointColumns.from([
    [t0, 1],
    [t0 + 1_000, null],
    [t0 + 2_000, 3],
  ]);
  expect(contents(columns)).toEqual([
    [t0, 1],
    [t0 + 1_000, NaN],
    [t0 + 2_000, 3],
  ]);
  expect(columns.firstAtOrAfter(t0 + 500)).toBe(1);
  expect(columns.firstAtOrAfter(t0 + 2_000)).toBe(2);
  expect(columns.firstAtOrAfter(t0 + 9_000)).toBe(3);
  expect(columns.someValue((v) => v > 2)).toBe(true);
  expect(columns.someValue((v) => Number.isNaN(v) || v > 3)).toBe(false);
});

test('a live window: appended at the end, dropped at the front, the space reused', () => {
  const columns = new PointColumns(8);
  for (let i = 0; i < 10_000; i++) {
    columns.push(t0 + i * 1_000, i % 13 === 0 ? null : i);
    columns.dropBefore(t0 + (i - 299) * 1_000);
  }
  expect(columns.length).toBe(300);
  const kept = contents(columns);
  expect(kept[0]).toEqual([t0 + 9_700_000, 9_700]);
  expect(kept.at(-1)).toEqual([t0 + 9_999_000, 9_999]);
  expect(kept.every(([time], i) => i === 0 || time === kept[i - 1]![0] + 1_000)).toBe(true);
  expect(kept.filter(([, value]) => Number.isNaN(value))).toHaveLength(23);
});
