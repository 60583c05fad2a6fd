import { describe, expect, test } from 'vitest';
import type { PartitionOffsets } from '../../../electron/main/core/analysis/partitionLag';
import type { QueueSnapshot } from '../../../electron/main/core/samplers/queueOffsets';
import { QueueTracker, type TrackerOptions } from '../../../electron/main/core/samplers/queueTracker';

const pair = { groupId: 'cache-flusher', topic: 'cache.writes' };
const options: TrackerOptions = {
  windowMs: 5_000,
  slaMs: 3_000,
  readPolicy: { minIntervalMs: 10_000, uncertainMs: 2_000 },
  judged: true,
};
const member = { memberId: 'm-1', clientId: 'flusher-1', host: '127.0.0.1', partitions: [0] };

function snapshot(at: number, partitions: PartitionOffsets[], members = [member]): QueueSnapshot {
  return { pair, requestedAt: at, partitions, state: members.length > 0 ? 'Stable' : 'Empty', members };
}

const p0 = (high: number, committed: number | null) => ({ partition: 0, low: 0, high, committed });

describe('QueueTracker', () => {
  test('reports exact lag per partition, owners and the first verdict as a change', () => {
    const tracker = new QueueTracker(pair, options);
    const changes = tracker.observe(snapshot(1_000, [p0(120, 100), { partition: 1, low: 5, high: 9, committed: null }]));
    const view = tracker.current()!;
    expect(view.partitions.map((p) => [p.partition, p.committed, p.high, p.lag, p.owner])).toEqual([
      [0, 100, 120, 20, 'flusher-1'],
      [1, null, 9, 4, null],
    ]);
    expect(view.totalLag).toBe(24);
    // Nothing dates the pending records yet: unknown, not a guess.
    expect(view.maxTimeLagMs).toBeNull();
    expect(changes).toMatchObject([{ previousStatus: null, status: 'OK', slaBreached: false }]);
    expect(view.windowComplete).toBe(false);
  });

  test('asks to read what it cannot date, once per read interval, and dates it exactly after the read', () => {
    const tracker = new QueueTracker(pair, options);
    tracker.observe(snapshot(10_000, [p0(120, 100)]));
    expect(tracker.takeWantedReads(10_000)).toEqual([{ partition: 0, offset: 100 }]);
    expect(tracker.takeWantedReads(10_500)).toEqual([]);
    const changes = tracker.applyReads([{ partition: 0, offset: 100, foundOffset: 100, timestamp: 6_000 }]);
    expect(tracker.current()!.partitions[0]!.timeLagMs).toBe(4_000);
    // Read, so measured, not an upper bound.
    expect(tracker.current()).toMatchObject({ maxTimeLagMs: 4_000, maxTimeLagResolutionMs: 0 });
    // 4 s is over the 3 s SLA: a change of its own.
    expect(changes).toMatchObject([{ previousStatus: 'OK', status: 'OK', previousSlaBreached: false, slaBreached: true }]);
    expect(changes[0]!.reason).toBe('SLA breached: the oldest unpersisted write is 4 s old (SLA 3 s)');
  });

  test('a stuck group goes STALL, then STOP when its member leaves, then OK when it catches up', () => {
    const tracker = new QueueTracker(pair, options);
    const seen: string[] = [];
    const observe = (at: number, high: number, committed: number, members = [member]) => {
      for (const change of tracker.observe(snapshot(at, [p0(high, committed)], members))) {
        seen.push(`${change.status}${change.slaBreached ? ' + SLA breach' : ''}`);
      }
    };
    observe(0, 10, 10);
    for (let at = 1_000; at <= 6_000; at += 1_000) observe(at, 10 + at / 100, 10);
    expect(tracker.current()!.status).toBe('STALL');
    observe(7_000, 90, 10, []);
    expect(tracker.current()!.status).toBe('STOP');
    expect(tracker.current()!.statusReason).toMatch(/^cache-flusher has no member and committed nothing for 7 s/);
    observe(8_000, 95, 95);
    expect(tracker.current()!.status).toBe('OK');
    // The oldest pending record passed the 3 s SLA at 4 s, before the window ran out at 5 s.
    expect(seen).toEqual(['OK', 'OK + SLA breach', 'STALL + SLA breach', 'STOP + SLA breach', 'OK']);
  });

  test('rates and drain ETA come from the window', () => {
    const tracker = new QueueTracker(pair, options);
    tracker.observe(snapshot(0, [p0(1_000, 0)]));
    tracker.observe(snapshot(2_000, [p0(1_200, 600)]));
    const view = tracker.current()!;
    expect(view.produceRate).toBe(100);
    expect(view.persistRate).toBe(300);
    expect(view.drainEtaMs).toBe(3_000);
  });

  test('the replay cursor is counted, never judged or read', () => {
    const tracker = new QueueTracker({ groupId: 'cachescope-replay', topic: 'cache.writes.dlq' }, { ...options, judged: false });
    expect(tracker.observe(snapshot(0, [p0(7, null)], []))).toEqual([]);
    expect(tracker.takeWantedReads(0)).toEqual([]);
    expect(tracker.current()).toMatchObject({ totalLag: 7, status: 'OK', slaBreached: false });
  });

  describe('when Kafka cannot be reached', () => {
    const refused = { code: 'CONNECTION_REFUSED' as const, message: 'Kafka at 127.0.0.1:9092: connection refused' };

    test('the outage is one UNAVAILABLE change, and reading again is a recovery change', () => {
      const tracker = new QueueTracker(pair, options);
      tracker.observe(snapshot(0, [p0(10, 10)]));
      const down = tracker.markUnavailable(1_000, refused);
      expect(down).toMatchObject([{ at: 1_000, previousStatus: 'OK', status: 'UNAVAILABLE', slaBreached: false }]);
      expect(down[0]!.reason).toBe('cannot read the queue: Kafka at 127.0.0.1:9092: connection refused');
      // Still down: nothing more for the timeline.
      expect(tracker.markUnavailable(4_000, refused)).toEqual([]);
      const back = tracker.observe(snapshot(36_000, [p0(10, 10)]));
      expect(back).toMatchObject([{ at: 36_000, previousStatus: 'UNAVAILABLE', status: 'OK' }]);
      expect(back[0]!.reason).toBe('queue readable again after 35 s; caught up: nothing waiting');
      expect(tracker.observe(snapshot(37_000, [p0(10, 10)]))).toEqual([]);
    });

    test('offsets that could not move during the outage are not a stall, and the window starts again', () => {
      const tracker = new QueueTracker(pair, options);
      tracker.observe(snapshot(0, [p0(100, 90)]));
      tracker.observe(snapshot(1_000, [p0(110, 100)]));
      tracker.markUnavailable(2_000, refused);
      // 30 s later the committed offset is where it was, with records waiting: the flusher
      // could not reach Kafka either, so it is judged from now on, not from before the outage.
      const back = tracker.observe(snapshot(32_000, [p0(130, 100)]));
      expect(back).toMatchObject([{ previousStatus: 'UNAVAILABLE', status: 'OK' }]);
      const view = tracker.current()!;
      expect(view.status).toBe('OK');
      expect(view.windowSamples).toBe(1);
      expect(view.windowComplete).toBe(false);
      // Rates need two samples after the outage; none spans it.
      expect(view.produceRate).toBeNull();
    });

    test('a read that lands during the outage judges nothing', () => {
      const tracker = new QueueTracker(pair, options);
      tracker.observe(snapshot(10_000, [p0(120, 100)]));
      tracker.takeWantedReads(10_000);
      tracker.markUnavailable(11_000, refused);
      expect(tracker.applyReads([{ partition: 0, offset: 100, foundOffset: 100, timestamp: 1_000 }])).toEqual([]);
    });

    test('watching that starts during an outage records it as the first change', () => {
      const tracker = new QueueTracker(pair, options);
      expect(tracker.markUnavailable(0, refused)).toMatchObject([{ previousStatus: null, status: 'UNAVAILABLE' }]);
    });

    test('the replay cursor is not judged, so its outage is not a change', () => {
      const tracker = new QueueTracker({ groupId: 'cachescope-replay', topic: 'cache.writes.dlq' }, { ...options, judged: false });
      expect(tracker.markUnavailable(0, refused)).toEqual([]);
    });
  });
});
