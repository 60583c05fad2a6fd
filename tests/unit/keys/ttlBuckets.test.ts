import { expect, test } from 'vitest';
import { ttlBucketNames } from '../../../shared/contracts/keysAnalysis';
import {
  sketchMedianMs,
  toTtlHistogram,
  ttlBucketIndex,
  ttlSketchBins,
  ttlSketchIndex,
} from '../../../electron/main/core/analysis/ttlBuckets';

const bucketOf = (pttl: number) => ttlBucketNames[ttlBucketIndex(pttl)];

test('a PTTL falls in the bucket whose [lower, upper) holds it', () => {
  expect(bucketOf(-1)).toBe('none');
  expect(bucketOf(0)).toBe('lt1m');
  expect(bucketOf(59_999)).toBe('lt1m');
  expect(bucketOf(60_000)).toBe('1m-10m');
  expect(bucketOf(599_999)).toBe('1m-10m');
  expect(bucketOf(600_000)).toBe('10m-1h');
  expect(bucketOf(3_599_999)).toBe('10m-1h');
  expect(bucketOf(3_600_000)).toBe('1h-6h');
  expect(bucketOf(21_599_999)).toBe('1h-6h');
  expect(bucketOf(21_600_000)).toBe('6h-24h');
  expect(bucketOf(86_399_999)).toBe('6h-24h');
  expect(bucketOf(86_400_000)).toBe('1d-7d');
  expect(bucketOf(604_799_999)).toBe('1d-7d');
  expect(bucketOf(604_800_000)).toBe('gt7d');
  expect(bucketOf(10 * 365 * 86_400_000)).toBe('gt7d');
});

test('the histogram names every bucket in order', () => {
  expect(toTtlHistogram([1, 2, 3, 4, 5, 6, 7, 8])).toEqual([
    { bucket: 'none', keys: 1 },
    { bucket: 'lt1m', keys: 2 },
    { bucket: '1m-10m', keys: 3 },
    { bucket: '10m-1h', keys: 4 },
    { bucket: '1h-6h', keys: 5 },
    { bucket: '6h-24h', keys: 6 },
    { bucket: '1d-7d', keys: 7 },
    { bucket: 'gt7d', keys: 8 },
  ]);
});

test('sketch bins start at their lower edge and grow by half', () => {
  expect(ttlSketchIndex(0)).toBe(0);
  expect(ttlSketchIndex(99)).toBe(0);
  expect(ttlSketchIndex(100)).toBe(1);
  expect(ttlSketchIndex(149)).toBe(1);
  expect(ttlSketchIndex(150)).toBe(2);
  expect(ttlSketchIndex(225)).toBe(3);
  expect(ttlSketchIndex(Number.MAX_SAFE_INTEGER)).toBe(ttlSketchBins - 1);
});

test('the median estimate is within a quarter of the true median', () => {
  for (const ttl of [250, 1_000, 4_321, 60_000, 3_600_000, 86_400_000]) {
    const sketch = new Uint32Array(ttlSketchBins);
    sketch[ttlSketchIndex(ttl)] = 5;
    const median = sketchMedianMs(sketch, 5)!;
    expect(Math.abs(median - ttl) / ttl).toBeLessThan(0.25);
  }
});

test('keys without a TTL count as an endless TTL in the median', () => {
  const sketch = new Uint32Array(ttlSketchBins);
  sketch[ttlSketchIndex(1_000)] = 2;
  expect(sketchMedianMs(sketch, 3)).not.toBeNull();
  expect(sketchMedianMs(sketch, 4)).not.toBeNull();
  expect(sketchMedianMs(sketch, 5)).toBeNull();
  expect(sketchMedianMs(sketch, 0)).toBeNull();
});
