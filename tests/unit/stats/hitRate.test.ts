import { expect, test } from 'vitest';
import { hitRate, nodeInterval, type CounterReading } from '../../../electron/main/core/analysis/hitRate';
import type { NodeCounters } from '../../../electron/main/core/analysis/redisInfo';

const counters = (over: Partial<NodeCounters> = {}): NodeCounters => ({
  hits: 700,
  misses: 300,
  commands: 10_000,
  evictedKeys: 5,
  expiredKeys: 30,
  connectionsReceived: 40,
  instantaneousOpsPerSec: 0,
  ...over,
});
const reading = (atMs: number, over: Partial<NodeCounters> = {}): CounterReading => ({ atMs, counters: counters(over) });

test('hit rate is hits over reads, and undefined without reads', () => {
  expect(hitRate(700, 300)).toBe(0.7);
  expect(hitRate(0, 5)).toBe(0);
  expect(hitRate(5, 0)).toBe(1);
  expect(hitRate(0, 0)).toBeNull();
});

test('an interval is the difference of two readings', () => {
  const outcome = nodeInterval(reading(1_000), reading(2_000, { hits: 780, misses: 320, commands: 10_500, evictedKeys: 7 }), 2_500);
  expect(outcome).toEqual({
    kind: 'interval',
    interval: { elapsedMs: 1_000, hits: 80, misses: 20, commands: 500, evictedKeys: 2, expiredKeys: 0 },
  });
});

test('the first reading has nothing to diff against', () => {
  expect(nodeInterval(undefined, reading(0), 2_500)).toEqual({ kind: 'first' });
});

test('a counter going down (RESETSTAT, restart, failover) is a reset: no negative point', () => {
  // RESETSTAT zeroes hits and misses; the reads made since then are fewer than before.
  expect(nodeInterval(reading(0), reading(1_000, { hits: 3, misses: 1, commands: 20 }), 2_500)).toEqual({ kind: 'reset' });
  // Only the commands counter shows it when there were no reads before.
  expect(
    nodeInterval(reading(0, { hits: 0, misses: 0 }), reading(1_000, { hits: 0, misses: 0, commands: 3 }), 2_500),
  ).toEqual({ kind: 'reset' });
});

test('a reading after a gap does not spread the gap over one point', () => {
  expect(nodeInterval(reading(0), reading(60_000, { hits: 9_000 }), 2_500)).toEqual({ kind: 'stale' });
});
