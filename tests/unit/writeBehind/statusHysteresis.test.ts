import { describe, expect, test } from 'vitest';
import type { LagStatus } from '../../../shared/contracts/writeBehind';
import { evaluateLagStatus, type PartitionWindow } from '../../../electron/main/core/analysis/lagStatus';
import { partitionLag } from '../../../electron/main/core/analysis/partitionLag';
import type { QueueSnapshot } from '../../../electron/main/core/samplers/queueOffsets';
import { QueueTracker, type TrackerOptions } from '../../../electron/main/core/samplers/queueTracker';
import { burstyFlusher, type OffsetsAt } from './burstyFlusher';

const pair = { groupId: 'cache-flusher', topic: 'cache.writes' };
const windowMs = 10_000;
const options: TrackerOptions = { windowMs, slaMs: 60_000, readPolicy: { minIntervalMs: 1e9, uncertainMs: 1e9 }, judged: true };
const member = { memberId: 'm-1', clientId: 'flusher-1', host: '127.0.0.1', partitions: [0, 1, 2] };

const snapshot = ({ at, partitions }: OffsetsAt, members = [member]): QueueSnapshot => ({
  pair,
  requestedAt: at,
  partitions,
  state: 'Stable',
  members,
});

/** Each reading's verdict as it was reported before hysteresis: Burrow's rules alone. */
function unsettledStatuses(readings: readonly OffsetsAt[]): LagStatus[] {
  const lastMovedAt = new Map<number, number>();
  const lastResume = new Map<number, number | null>();
  return readings.map(({ at, partitions }) => {
    for (const p of partitions) {
      if (lastResume.get(p.partition) !== p.committed) lastMovedAt.set(p.partition, at);
      lastResume.set(p.partition, p.committed);
    }
    const inWindow = readings.filter((r) => r.at >= at - windowMs && r.at <= at);
    const windows: PartitionWindow[] = partitions.map((p) => ({
      partition: p.partition,
      lastMovedAt: lastMovedAt.get(p.partition)!,
      points: inWindow.map((r) => {
        const then = r.partitions.find((q) => q.partition === p.partition)!;
        return { at: r.at, resume: then.committed ?? then.low, lag: partitionLag(then) };
      }),
    }));
    return evaluateLagStatus({ groupId: pair.groupId, partitions: windows, memberCount: 1, windowMs, now: at }).status;
  });
}

const flips = (statuses: readonly LagStatus[]) => statuses.filter((s, i) => i > 0 && s !== statuses[i - 1]).length;

describe('status hysteresis', () => {
  test('a bursty flusher that flapped between OK and WARN a dozen times in 40 s now changes status at most twice', () => {
    const readings = burstyFlusher(70);
    const measured = (r: OffsetsAt) => r.at >= 30_000;
    // Before: Burrow's rules reading by reading.
    const before = unsettledStatuses(readings).filter((_, i) => measured(readings[i]!));
    expect(flips(before)).toBeGreaterThanOrEqual(12);
    expect(new Set(before)).toEqual(new Set(['OK', 'WARN']));

    const tracker = new QueueTracker(pair, options);
    const changes = readings.flatMap((r) => tracker.observe(snapshot(r)).filter(() => measured(r)));
    expect(changes.length).toBeLessThanOrEqual(2);
  });

  test('a lag that really grows is reported WARN within the dwell, a stall at once, catching up at once', () => {
    const tracker = new QueueTracker(pair, options);
    const statusAt = new Map<number, LagStatus>();
    const observe = (at: number, high: number, committed: number) => {
      tracker.observe(snapshot({ at, partitions: [{ partition: 0, low: 0, high, committed }] }));
      statusAt.set(at, tracker.current()!.status);
    };
    // Keeping up for 20 s: 100 records a second, committed a second later.
    for (let s = 0; s <= 20; s++) observe(s * 1_000, 100 * s + 100, 100 * s);
    expect(statusAt.get(20_000)).toBe('OK');
    // From 21 s the flusher persists half of what comes in: the lag grows every second.
    let committed = 2_000;
    for (let s = 21; s <= 32; s++) observe(s * 1_000, 100 * s + 100, (committed += 50));
    const firstWarn = [...statusAt].find(([at, status]) => at > 20_000 && status === 'WARN')![0];
    // Burrow sees the growth after three readings; the dwell adds 5 s.
    expect(firstWarn).toBeLessThanOrEqual(28_000);
    // Then it stops committing altogether: STALL once a whole window passed, not 5 s later.
    for (let s = 33; s <= 43; s++) observe(s * 1_000, 100 * s + 100, committed);
    expect(statusAt.get(42_000)).toBe('STALL');
    // It catches up in one go: OK at once.
    observe(44_000, 4_500, 4_500);
    expect(statusAt.get(44_000)).toBe('OK');
  });

  test('while a new verdict waits out the dwell, the reason says both', () => {
    const tracker = new QueueTracker(pair, options);
    for (let s = 0; s <= 10; s++) tracker.observe(snapshot({ at: s * 1_000, partitions: [{ partition: 0, low: 0, high: 100 * s + 100, committed: 100 * s }] }));
    let committed = 1_000;
    for (let s = 11; s <= 13; s++) tracker.observe(snapshot({ at: s * 1_000, partitions: [{ partition: 0, low: 0, high: 100 * s + 100, committed: (committed += 20) }] }));
    const view = tracker.current()!;
    expect(view.status).toBe('OK');
    expect(view.statusReason).toMatch(/^lag growing on 1 of 1 partition: .* \(WARN once this holds for 5 s; OK until then\)$/);
  });

  test('an SLA breach is reported at once and ends only after the oldest write was back within the SLA for the dwell', () => {
    const tracker = new QueueTracker(pair, { ...options, slaMs: 3_000, readPolicy: { minIntervalMs: 0, uncertainMs: 0 } });
    const breachedAt = (at: number, producedAt: number) => {
      const observed = tracker.observe(snapshot({ at, partitions: [{ partition: 0, low: 0, high: at / 10 + 10, committed: at / 10 }] }));
      tracker.takeWantedReads(at);
      const read = tracker.applyReads([{ partition: 0, offset: at / 10, foundOffset: at / 10, timestamp: producedAt }]);
      return { breached: tracker.current()!.slaBreached, changes: observed.length + read.length };
    };
    expect(breachedAt(10_000, 9_000)).toEqual({ breached: false, changes: 1 });
    expect(breachedAt(11_000, 7_000)).toEqual({ breached: true, changes: 1 });
    // Back under 3 s: still breached for the dwell, then not, in one change.
    const after = [12_000, 13_000, 14_000, 15_000, 16_000, 17_000].map((at) => breachedAt(at, at - 1_000));
    expect(after.map((a) => a.breached)).toEqual([true, true, true, true, true, false]);
    expect(after.reduce((sum, a) => sum + a.changes, 0)).toBe(1);
  });
});
