import { describe, expect, test } from 'vitest';
import type { HealthReport, ServiceHealth } from '../../../shared/contract';
import type { AuditRecord } from '../../../shared/contracts/audit';
import type { StatsSample } from '../../../shared/contracts/stats';
import type { TimelineEvent } from '../../../shared/contracts/timeline';
import type { LagReport, StatusChange } from '../../../shared/contracts/writeBehind';
import { auditTimelineEvent } from '../../../electron/main/core/analysis/auditTimelineEvent';
import { deadLetterBursts, initialDeadLetterBursts, type DeadLetterBurstState } from '../../../electron/main/core/analysis/deadLetterBursts';
import { hitRateCrossing, type HitRateAlertState } from '../../../electron/main/core/analysis/hitRateCrossing';
import { initialMemoryPressure, memoryPressure, type MemoryPressureState } from '../../../electron/main/core/analysis/memoryPressure';
import { queueStatusEvent } from '../../../electron/main/core/analysis/queueStatusEvent';
import { serviceTransitions } from '../../../electron/main/core/analysis/serviceTransitions';
import { insertEvent, mergeByTime, pruneEvents, selectEvents } from '../../../electron/main/core/analysis/timelineWindow';

const t0 = 1_764_600_000_000;

function health(state: ServiceHealth['state'], at: number, lastOkAt: number | null = null): ServiceHealth {
  return {
    service: 'redis',
    target: 'redis://127.0.0.1:6379',
    state,
    ok: state === 'ok',
    latencyMs: null,
    version: null,
    detail: null,
    error: state === 'down' ? { code: 'UNAVAILABLE', message: 'connection refused' } : null,
    checkedAt: at,
    lastOkAt,
    nextCheckAt: null,
  };
}

function report(redis: ServiceHealth, others: ServiceHealth['state'] = 'ok'): HealthReport {
  return { profileId: 'p', redis, postgres: { ...health(others, redis.checkedAt!), service: 'postgres' }, kafka: { ...health(others, redis.checkedAt!), service: 'kafka' } };
}

describe('serviceTransitions', () => {
  test('an outage and the recovery, with how long it lasted; the first good check is no event', () => {
    const first = report(health('ok', t0, t0));
    expect(serviceTransitions(null, first, t0)).toEqual([]);
    const down = report(health('down', t0 + 5_000, t0));
    const outage = serviceTransitions(first, down, t0 + 5_000);
    expect(outage).toMatchObject([{ kind: 'service', severity: 'critical', title: 'Redis down', at: t0 + 5_000 }]);
    expect(outage[0]!.detail).toContain('connection refused');
    expect(serviceTransitions(down, report(health('down', t0 + 7_000, t0)), t0)).toEqual([]);
    const back = serviceTransitions(down, report(health('ok', t0 + 65_000, t0 + 65_000)), t0 + 65_000);
    expect(back).toMatchObject([{ severity: 'ok', title: 'Redis back', at: t0 + 65_000 }]);
    expect(back[0]!.detail).toContain('after 1 min');
  });

  test('a service down at the first check is an outage', () => {
    expect(serviceTransitions(null, report(health('down', t0)), t0)).toHaveLength(1);
  });
});

function sample(at: number, fields: Partial<StatsSample> = {}): StatsSample {
  return {
    at,
    hitRates: { lastInterval: null, lastMinute: null, last5Minutes: null, lastHour: null },
    evictedPerSec: null,
    usedMemory: null,
    maxMemory: null,
    maxMemoryPolicy: null,
    levelsAt: null,
    error: null,
    ...fields,
  } as StatsSample;
}
const withRate = (at: number, lastMinute: number | null) => sample(at, { hitRates: { lastInterval: null, lastMinute, last5Minutes: null, lastHour: null } });

describe('hitRateCrossing', () => {
  function run(rates: (number | null)[], level = 0.8) {
    let state: HitRateAlertState = null;
    return rates.flatMap((rate, i) => {
      const result = hitRateCrossing(state, withRate(t0 + i * 1_000, rate), level);
      state = result.state;
      return result.draft ? [result.draft] : [];
    });
  }

  test('below the level is an alert once, back at or above clears it; no reads change nothing', () => {
    const drafts = run([0.9, 0.7, 0.6, null, 0.75, 0.8, 0.95]);
    expect(drafts.map((d) => [d.title, d.severity, d.at])).toEqual([
      ['Hit rate below 80 %', 'warning', t0 + 1_000],
      ['Hit rate back above 80 %', 'ok', t0 + 5_000],
    ]);
  });

  test('already below when watching starts is an alert; a level of 0 never alerts', () => {
    expect(run([0.5])).toHaveLength(1);
    expect(run([0, 0.5, 0], 0)).toEqual([]);
  });
});

describe('memoryPressure', () => {
  function run(samples: StatsSample[]) {
    let state: MemoryPressureState = initialMemoryPressure;
    return samples.flatMap((s) => {
      const result = memoryPressure(state, s);
      state = result.state;
      return result.drafts;
    });
  }

  test('evictions after a quiet minute are one event; a cache evicting from the start and a storm are not repeated', () => {
    const evictions = (at: number, rate: number) => sample(at, { evictedPerSec: rate, maxMemoryPolicy: 'allkeys-lru' });
    const drafts = run([
      evictions(t0, 5), // evicting when watching starts: nothing to date
      evictions(t0 + 1_000, 0),
      evictions(t0 + 30_000, 0),
      evictions(t0 + 31_000, 3), // quiet for 30 s only
      evictions(t0 + 32_000, 0),
      evictions(t0 + 92_000, 0),
      evictions(t0 + 93_000, 40),
      evictions(t0 + 94_000, 50),
    ]);
    expect(drafts.map((d) => [d.title, d.at])).toEqual([['Evictions started', t0 + 93_000]]);
    expect(drafts[0]!.detail).toContain('allkeys-lru');
  });

  test('memory at 90 % of maxmemory is high until it eases below 85 %; no limit, no event', () => {
    const memory = (at: number, used: number, max = 1_000) => sample(at, { usedMemory: used, maxMemory: max, levelsAt: at });
    const drafts = run([memory(t0, 500), memory(t0 + 1, 910), memory(t0 + 2, 870), memory(t0 + 3, 890), memory(t0 + 4, 840), memory(t0 + 5, 990, 0)]);
    expect(drafts.map((d) => [d.title, d.severity])).toEqual([
      ['Memory at 91 % of maxmemory', 'warning'],
      ['Memory eased to 84 % of maxmemory', 'ok'],
    ]);
  });
});

function dlqReport(at: number, high: number, depth = high): LagReport {
  return {
    profileId: 'p',
    sampledAt: at,
    slaMs: 5_000,
    windowMs: 10_000,
    groups: [],
    dlq: { topic: 'cache.writes.dlq', replayGroup: 'r', depth, arrivalRate: null, partitions: [{ partition: 0, cursor: null, low: 0, high, depth }] },
    issues: [],
  };
}

describe('deadLetterBursts', () => {
  test('the first arrival opens a burst, a quiet minute closes it with the count; a replay lowering the depth is not an arrival', () => {
    let state: DeadLetterBurstState = initialDeadLetterBursts;
    const drafts = [
      dlqReport(t0, 10),
      dlqReport(t0 + 1_000, 13),
      dlqReport(t0 + 2_000, 20),
      dlqReport(t0 + 3_000, 20, 0),
      dlqReport(t0 + 62_000, 20, 0),
      dlqReport(t0 + 63_000, 21, 1),
    ].flatMap((r) => {
      const result = deadLetterBursts(state, r);
      state = result.state;
      return result.drafts;
    });
    expect(drafts.map((d) => [d.title, d.at])).toEqual([
      ['Dead letters arriving on cache.writes.dlq', t0 + 1_000],
      ['Dead-letter burst over on cache.writes.dlq', t0 + 2_000],
      ['Dead letters arriving on cache.writes.dlq', t0 + 63_000],
    ]);
    expect(drafts[1]!.detail).toContain('10 dead letters');
  });
});

function change(fields: Partial<StatusChange>): StatusChange {
  return { id: 'c', at: t0, groupId: 'cache-flusher', topic: 'cache.writes', previousStatus: 'OK', status: 'OK', previousSlaBreached: false, slaBreached: false, reason: 'why', ...fields };
}

describe('queueStatusEvent', () => {
  test('status changes and SLA breaches titled as the view says them; a first OK is no event', () => {
    expect(queueStatusEvent(change({ previousStatus: null, previousSlaBreached: null }))).toBeNull();
    expect(queueStatusEvent(change({ status: 'STALL' }))).toMatchObject({ title: 'Write-behind stalled', severity: 'critical', route: '/write-behind' });
    expect(queueStatusEvent(change({ status: 'WARN', slaBreached: true }))).toMatchObject({ title: 'Write-behind lagging · SLA breached', severity: 'critical' });
    expect(queueStatusEvent(change({ previousStatus: 'WARN', status: 'WARN', previousSlaBreached: true }))).toMatchObject({ title: 'Back within the SLA', severity: 'warning' });
    expect(queueStatusEvent(change({ previousStatus: 'STALL', status: 'OK' }))).toMatchObject({ title: 'Write-behind keeping up', severity: 'ok' });
  });
});

describe('auditTimelineEvent', () => {
  const record: AuditRecord = {
    time: new Date(t0).toISOString(),
    user: 'ana',
    host: 'laptop',
    frontEnd: 'cli',
    profileId: 'p',
    profileName: 'P',
    environment: 'local',
    action: 'deadLetters.replay',
    parameters: { topic: 'cache.writes.dlq', offsets: [1, 2] },
    counts: { replayed: 2 },
    durationMs: 12,
    outcome: 'failed',
    error: { code: 'UNAVAILABLE', message: 'Kafka went away' },
  };

  test('any action, known or not, with who, what and the outcome; the same record is the same event', () => {
    const event = auditTimelineEvent(record);
    expect(event).toMatchObject({ kind: 'action', at: t0, severity: 'critical', title: 'deadLetters.replay (failed)', route: '/audit', source: 'audit log' });
    expect(event.detail).toContain('ana@laptop via cli');
    expect(event.detail).toContain('replayed=2');
    expect(event.detail).toContain('Kafka went away');
    expect(auditTimelineEvent({ ...record })).toEqual(event);
    expect(auditTimelineEvent({ ...record, action: 'keys.invalidate', outcome: 'ok', error: null }).title).toBe('Keys invalidated');
  });
});

describe('timelineWindow', () => {
  const ev = (id: string, at: number, kind: TimelineEvent['kind'] = 'service'): TimelineEvent => ({ id, at, kind, severity: 'info', title: id, detail: null, route: '/', source: 's' });

  test('inserts in time order, prunes by age and by count, selects a window of kinds with the newest kept', () => {
    const events: TimelineEvent[] = [];
    for (const e of [ev('b', 20), ev('a', 10), ev('d', 40), ev('c', 30, 'annotation')]) insertEvent(events, e);
    expect(events.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(pruneEvents(events, 45, 20, 100).map((e) => e.id)).toEqual(['c', 'd']);
    expect(pruneEvents(events, 45, 1_000, 3).map((e) => e.id)).toEqual(['b', 'c', 'd']);
    expect(selectEvents(events, { since: 15, until: 40, kinds: ['service'], limit: 10 })).toEqual({ events: [ev('b', 20), ev('d', 40)], truncated: false });
    expect(selectEvents(events, { limit: 2 })).toEqual({ events: [events[2], events[3]], truncated: true });
    expect(mergeByTime([ev('a', 10), ev('c', 30)], [ev('b', 20), ev('x', 30)]).map((e) => e.id)).toEqual(['a', 'b', 'c', 'x']);
  });
});
