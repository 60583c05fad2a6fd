import { expect, test } from 'vitest';
import type { GroupLag, LagReport } from '../../../shared/contracts/writeBehind';
import { issueMessages, lastKnownQueue } from '../../../shared/lastKnownQueue';

const group: GroupLag = {
  groupId: 'cache-flusher', topic: 'cache.writes', state: 'Stable', members: [], partitions: [], totalLag: 12, maxTimeLagResolutionMs: 0,
  maxTimeLagMs: 900,
  status: 'OK', statusReason: '12 records waiting, being persisted', slaBreached: false, produceRate: 3, persistRate: 3, drainEtaMs: 4_000,
  windowSamples: 10, windowComplete: true,
};
const dlq = { topic: 'cache.writes.dlq', replayGroup: 'cachescope-replay', depth: 4, arrivalRate: 0, partitions: [] };
const refused = { code: 'CONNECTION_REFUSED' as const, message: 'Kafka at 127.0.0.1:9092: connection refused (connect ECONNREFUSED)' };

const live = (at: number): LagReport => ({ profileId: 'local', sampledAt: at, slaMs: 5_000, windowMs: 10_000, groups: [group], dlq, issues: [] });
const down = (at: number): LagReport => ({
  ...live(at),
  groups: [],
  dlq: null,
  // The queue and the DLQ cannot be read for the same reason.
  issues: [
    { groupId: 'cache-flusher', topic: 'cache.writes', error: refused },
    { groupId: 'cachescope-replay', topic: 'cache.writes.dlq', error: refused },
  ],
});

test('while Kafka cannot be read, the queue as last read is kept with the time it was read', () => {
  let known = lastKnownQueue(null, live(1_000));
  known = lastKnownQueue(known, down(2_000));
  known = lastKnownQueue(known, down(36_000));
  expect(known).toEqual({ group, dlq, at: 1_000 });
  expect(lastKnownQueue(known, live(37_000))).toEqual({ group, dlq, at: 37_000 });
});

test('nothing read yet is nothing known', () => {
  expect(lastKnownQueue(null, down(1_000))).toBeNull();
});

test('one message per reason: the queue and the DLQ failing alike are one banner', () => {
  expect(issueMessages(down(1_000))).toEqual([refused.message]);
  expect(issueMessages(live(1_000))).toEqual([]);
  expect(issueMessages(null)).toEqual([]);
});
