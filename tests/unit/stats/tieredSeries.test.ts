import { expect, test } from 'vitest';
import { tiersFor } from '../../../electron/main/core/history/historyTiers';
import { MetricsHistory, maxHistorySeries } from '../../../electron/main/core/history/metricsHistory';
import { windowPoints } from '../../../electron/main/core/history/seriesPoints';
import { TieredSeries } from '../../../electron/main/core/history/tieredSeries';

const hour = 3_600_000;
const day = 24 * hour;
const t0 = 1_764_000_000_000; // a whole minute

test('tiers: 1 s for an hour, 10 s for a day, 1 min for a week; slower series start at their own step', () => {
  expect(tiersFor(1_000)).toEqual([
    { stepMs: 1_000, retentionMs: hour },
    { stepMs: 10_000, retentionMs: day },
    { stepMs: 60_000, retentionMs: 7 * day },
  ]);
  expect(tiersFor(10_000)).toEqual([
    { stepMs: 10_000, retentionMs: day },
    { stepMs: 60_000, retentionMs: 7 * day },
  ]);
  expect(tiersFor(5_000)[0]).toEqual({ stepMs: 5_000, retentionMs: hour });
});

test('each tier holds the mean of its bucket, and a query picks the finest tier that reaches back far enough', () => {
  const series = new TieredSeries(1_000);
  for (let s = 0; s < 20; s++) series.append(t0 + s * 1_000, s);
  const now = t0 + 19_000;
  const fine = series.window(t0, now, now);
  expect(fine.stepMs).toBe(1_000);
  expect(Array.from(fine.values)).toEqual(Array.from({ length: 20 }, (_, s) => s));
  const coarse = series.window(now - 2 * hour, now, now);
  expect(coarse.stepMs).toBe(10_000);
  expect(windowPoints(coarse)).toEqual([
    [t0, 4.5],
    [t0 + 10_000, 14.5],
  ]);
  expect(series.window(now - 3 * day, now, now).stepMs).toBe(60_000);
});

test('time without values is a gap: one null per run, nothing before the first value', () => {
  const series = new TieredSeries(1_000);
  series.append(t0, 1);
  series.append(t0 + 1_000, 2);
  series.append(t0 + 2_000, null); // the node did not answer
  series.append(t0 + 6_000, 3); // the app was closed for a few seconds
  expect(windowPoints(series.window(t0 - 10_000, t0 + 6_000, t0 + 6_000))).toEqual([
    [t0, 1],
    [t0 + 1_000, 2],
    [t0 + 2_000, null],
    [t0 + 6_000, 3],
  ]);
});

test('memory is fixed whatever the run time: a week of 1 s samples stays in the rings', () => {
  const series = new TieredSeries(1_000);
  const size = series.size;
  for (let s = 0; s < 8 * 86_400; s += 7) series.append(t0 + s * 1_000, s % 100);
  expect(series.size).toBe(size);
  expect(size).toBeLessThan(23_000);
  const now = t0 + 8 * day;
  // The ring wrapped many times; a lap-old value never reappears inside the window.
  const lastHour = series.window(now - hour, now, now);
  expect(lastHour.values.length).toBeLessThanOrEqual(3_601);
  const week = series.window(now - 7 * day, now, now);
  expect(week.stepMs).toBe(60_000);
  expect(week.values.length).toBeLessThanOrEqual(7 * 1_440 + 1);
});

test('after a long pause the buckets in between are gaps, not values from a lap ago', () => {
  const series = new TieredSeries(1_000);
  for (let s = 0; s < 3_600; s++) series.append(t0 + s * 1_000, 5);
  const later = t0 + 3_600_000 + 1_800_000; // half an hour later
  series.append(later, 7);
  const window = series.window(later - 3_000_000, later, later);
  expect(window.stepMs).toBe(1_000);
  const values = Array.from(window.values);
  expect(values.at(-1)).toBe(7);
  expect(values.slice(-1_800, -1).every(Number.isNaN)).toBe(true);
});

test('a history keeps a bounded number of series and restarts a series whose step changed', () => {
  const history = new MetricsHistory();
  for (let i = 0; i < maxHistorySeries + 5; i++) history.append(`s${i}`, 1_000, t0, i);
  expect(history.stored()).toHaveLength(maxHistorySeries);
  history.append('s0', 5_000, t0 + 5_000, 42);
  expect(history.window('s0', t0, t0 + 5_000, t0 + 5_000)?.stepMs).toBe(5_000);
  expect(history.window('never', t0, t0 + 1, t0 + 1)).toBeNull();
});
