import { expect, test } from 'vitest';
import {
  trimIntervalReads,
  windowHitRate,
  windowHitRates,
  type IntervalReads,
} from '../../../electron/main/core/analysis/hitRateWindows';

const now = 10_000_000;

test('a window weighs busy intervals more than quiet ones', () => {
  const reads: IntervalReads[] = [
    { at: now - 2_000, hits: 900, misses: 100 },
    { at: now - 1_000, hits: 0, misses: 1 },
  ];
  // 900 of 1001 reads hit; the average of the two interval rates (45 %) would be wrong.
  expect(windowHitRate(reads, now, 60_000)).toBeCloseTo(900 / 1001, 10);
});

test('each window counts only its own intervals', () => {
  const reads: IntervalReads[] = [
    { at: now - 3_000_000, hits: 0, misses: 100 },
    { at: now - 200_000, hits: 50, misses: 50 },
    { at: now - 30_000, hits: 10, misses: 0 },
  ];
  expect(windowHitRates(reads, now)).toEqual({ lastMinute: 1, last5Minutes: 60 / 110, lastHour: 60 / 210 });
});

test('windows without reads have no hit rate', () => {
  expect(windowHitRates([{ at: now - 1_000, hits: 0, misses: 0 }], now)).toEqual({
    lastMinute: null,
    last5Minutes: null,
    lastHour: null,
  });
});

test('intervals older than an hour are dropped, keeping the list bounded', () => {
  const reads: IntervalReads[] = Array.from({ length: 7_200 }, (_, i) => ({ at: now - 7_200_000 + i * 1_000 + 1_000, hits: 1, misses: 0 }));
  trimIntervalReads(reads, now);
  expect(reads).toHaveLength(3_600);
  expect(reads[0]!.at).toBeGreaterThan(now - 3_600_000);
});
