import { expect, test } from 'vitest';
import type { SeriesPoint } from '../../../shared/contracts/common';
import { bucketWidthMs, minMaxBuckets } from '../../../renderer/src/charts/minMaxBuckets';
import { PointColumns } from '../../../renderer/src/charts/pointColumns';

const t0 = 1_800_000_000_000;
const day = 86_400_000;
const pairs = (flat: Float64Array) => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]);

function daySeries(): SeriesPoint[] {
  return Array.from({ length: 86_400 }, (_, i) => [t0 + i * 1_000, 50 + 10 * Math.sin(i / 500)]);
}

test('few points pass through as they are, one beyond each edge included', () => {
  const points: SeriesPoint[] = [
    [t0, 1],
    [t0 + 1_000, null],
    [t0 + 2_000, 3],
    [t0 + 3_000, 4],
  ];
  expect(pairs(minMaxBuckets(PointColumns.from(points), t0 + 1_500, t0 + 2_500, 600))).toEqual([
    [t0 + 1_000, NaN],
    [t0 + 2_000, 3],
    [t0 + 3_000, 4],
  ]);
});

test('a day of seconds becomes a few points per column, keeping the peak, the dip and the gap', () => {
  const points = daySeries();
  points[40_000] = [points[40_000]![0], 1_000]; // a one-second spike
  points[50_000] = [points[50_000]![0], -1_000]; // a one-second dip
  points[60_000] = [points[60_000]![0], null]; // a one-second outage
  const reduced = pairs(minMaxBuckets(PointColumns.from(points), t0, t0 + day, 600));
  expect(reduced.length).toBeLessThanOrEqual(3 * 602);
  expect(reduced.length).toBeGreaterThan(600);
  expect(reduced).toContainEqual([t0 + 40_000_000, 1_000]);
  expect(reduced).toContainEqual([t0 + 50_000_000, -1_000]);
  expect(reduced).toContainEqual([t0 + 60_000_000, NaN]);
  expect(reduced.every(([t], i) => i === 0 || t! > reduced[i - 1]![0]!)).toBe(true);
});

test('a sliding window only takes in the new points and gives what a fresh reduction gives', () => {
  const series = daySeries();
  const live = PointColumns.from(series);
  minMaxBuckets(live, t0, t0 + day, 600);
  for (let s = 1; s <= 120; s++) {
    const time = t0 + (86_399 + s) * 1_000;
    const value = s % 11 === 0 ? null : s % 7;
    live.push(time, value);
    series.push([time, value]);
    live.dropBefore(time - day + 1_000);
  }
  const from = t0 + 120_000;
  const incremental = pairs(minMaxBuckets(live, from, from + day, 600));
  const fresh = pairs(minMaxBuckets(PointColumns.from(series.slice(120)), from, from + day, 600));
  expect(incremental).toEqual(fresh);
  expect(incremental).toContainEqual([t0 + 86_410_000, NaN]);
});

test('bucket widths are whole seconds or minutes, stable for a given span', () => {
  expect(bucketWidthMs(day, 600)).toBe(180_000);
  expect(bucketWidthMs(300_000, 600)).toBe(1_000);
  expect(bucketWidthMs(3_600_000, 600)).toBe(6_000);
});
