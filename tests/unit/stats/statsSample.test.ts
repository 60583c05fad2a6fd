import { expect, test } from 'vitest';
import type { IntervalOutcome } from '../../../electron/main/core/analysis/hitRate';
import type { NodeCounters, NodeLevels } from '../../../electron/main/core/analysis/redisInfo';
import {
  composeSample,
  mastersInterval,
  mastersLevels,
  type NodeView,
  type SampleParts,
} from '../../../electron/main/core/analysis/statsSample';

const counters = (hits: number, misses: number, instantaneousOpsPerSec = 100): NodeCounters => ({
  hits,
  misses,
  commands: 1_000,
  evictedKeys: 2,
  expiredKeys: 3,
  connectionsReceived: 1,
  instantaneousOpsPerSec,
});

const levels = (usedMemory: number, maxMemory: number, policy = 'allkeys-lru'): NodeLevels => ({
  usedMemory,
  usedMemoryRss: usedMemory * 1.5,
  maxMemory,
  maxMemoryPolicy: policy,
  fragmentationRatio: 1.5,
  connectedClients: 4,
  blockedClients: 0,
  keyspace: [{ db: 0, keys: 10, expires: 5 }],
});

const interval = (hits: number, misses: number, commands = 500): IntervalOutcome => ({
  kind: 'interval',
  interval: { elapsedMs: 1_000, hits, misses, commands, evictedKeys: 1, expiredKeys: 4 },
});

function node(address: string, over: Partial<NodeView> = {}): NodeView {
  return {
    address,
    role: 'master',
    error: null,
    lastSeenAt: 1,
    counters: counters(700, 300),
    outcome: interval(70, 30),
    levels: levels(1_000, 4_000),
    ...over,
  };
}

const frame = { profileId: 'p', mode: 'cluster' as const, at: 5_000, intervalMs: 1_000, levelsAt: 5_000 };
const parts = (views: NodeView[]): SampleParts => ({
  views,
  interval: mastersInterval(views),
  windows: { lastMinute: null, last5Minutes: null, lastHour: null },
  namespaces: [],
  namespacesNote: null,
});

test('totals since the reset and interval figures are summed over the masters only', () => {
  const views = [
    node('a:1', { counters: counters(700, 300), outcome: interval(60, 40) }),
    node('b:1', { counters: counters(100, 100), outcome: interval(20, 0) }),
    node('c:1', { role: 'replica', counters: counters(5_000, 0), outcome: interval(999, 0) }),
  ];
  const sample = composeSample(frame, parts(views));
  expect(sample).toMatchObject({ hits: 800, misses: 400, hitRate: 800 / 1200, mastersUp: 2, mastersTotal: 2 });
  expect(sample.hitRates.lastInterval).toBe(80 / 120);
  expect(sample.opsPerSec).toBe(1_000);
  expect(sample.evictedPerSec).toBe(2);
  expect(sample.expiredPerSec).toBe(8);
  expect(sample.nodes.map((n) => [n.address, n.role, n.hits])).toEqual([
    ['a:1', 'master', 700],
    ['b:1', 'master', 100],
    ['c:1', 'replica', 5_000],
  ]);
  expect(sample.error).toBeNull();
});

test('a master in a reset interval leaves the rates unknown rather than dipping', () => {
  const views = [node('a:1', { outcome: interval(60, 40) }), node('b:1', { outcome: { kind: 'reset' } })];
  const sample = composeSample(frame, parts(views));
  // The hit rate is a ratio: the masters that have an interval still give a true one.
  expect(sample.hitRates.lastInterval).toBe(0.6);
  expect(sample.opsPerSec).toBeNull();
  expect(sample.evictedPerSec).toBeNull();
});

test('an interval without reads has no hit rate', () => {
  const sample = composeSample(frame, parts([node('a:1', { outcome: interval(0, 0) })]));
  expect(sample.hitRates.lastInterval).toBeNull();
  expect(sample.opsPerSec).toBe(500);
});

test('before any interval, ops/s is Redis’s own estimate', () => {
  const views = [
    node('a:1', { counters: counters(1, 1, 120), outcome: { kind: 'first' } }),
    node('b:1', { counters: counters(1, 1, 30), outcome: { kind: 'first' } }),
  ];
  const sample = composeSample(frame, { ...parts(views), interval: null });
  expect(sample.opsPerSec).toBe(150);
  expect(sample.hitRates.lastInterval).toBeNull();
});

test('a master that is down is in the table, out of the sums', () => {
  const down = node('b:1', {
    error: { code: 'CONNECTION_REFUSED', message: 'refused' },
    counters: null,
    outcome: null,
    levels: null,
  });
  const sample = composeSample(frame, parts([node('a:1'), down]));
  expect(sample).toMatchObject({ hits: 700, misses: 300, mastersUp: 1, mastersTotal: 2, usedMemory: 1_000, error: null });
  expect(sample.nodes[1]).toMatchObject({ state: 'down', hits: null, usedMemory: null, error: { code: 'CONNECTION_REFUSED' } });
});

test('no master answering makes the sample a gap with the reason', () => {
  const error = { code: 'CONNECTION_REFUSED' as const, message: 'Redis at x: connection refused' };
  const sample = composeSample(frame, parts([node('a:1', { error, counters: null, outcome: null, levels: null })]));
  expect(sample).toMatchObject({ hits: 0, misses: 0, hitRate: null, opsPerSec: null, usedMemory: null, error });
});

test('memory adds up over masters; one master without a limit means no limit', () => {
  expect(mastersLevels([node('a:1', { levels: levels(1_000, 4_000) }), node('b:1', { levels: levels(3_000, 4_000) })])).toMatchObject({
    usedMemory: 4_000,
    maxMemory: 8_000,
    maxMemoryPolicy: 'allkeys-lru',
    fragmentationRatio: 1.5,
    connectedClients: 8,
    keys: 20,
    keyspace: [{ db: 0, keys: 20, expires: 10 }],
  });
  expect(
    mastersLevels([node('a:1', { levels: levels(1_000, 0, 'noeviction') }), node('b:1', { levels: levels(1_000, 4_000) })]),
  ).toMatchObject({ maxMemory: 0, maxMemoryPolicy: 'mixed' });
});
