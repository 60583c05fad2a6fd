import { describe, expect, test } from 'vitest';
import { formatTimeLag } from '../../../shared/formatLag';
import { drainVerdict, queueHeadline, statusLabel, timeLagVerdict, type HeadlineInput } from '../../../shared/queueVerdicts';

const healthy: HeadlineInput = {
  status: 'OK',
  slaBreached: false,
  maxTimeLagMs: 420,
  maxTimeLagResolutionMs: 0,
  totalLag: 40,
  persistRate: 100,
  windowComplete: true,
};

describe('queueHeadline', () => {
  test('a breached SLA makes the headline at least Lagging, never "OK · SLA breached"', () => {
    const breached = queueHeadline({ ...healthy, slaBreached: true, maxTimeLagMs: 7_200 }, 5_000);
    expect(breached).toMatchObject({ title: 'Lagging', text: 'Lagging · SLA breached (7.2 s > 5 s)', tone: 'bad', judged: true });
    expect(queueHeadline({ ...healthy, status: 'STALL', slaBreached: true, maxTimeLagMs: 9_000 }, 5_000).text).toBe(
      'Stalled · SLA breached (9 s > 5 s)',
    );
  });

  test('an upper bound is not compared as if measured', () => {
    expect(queueHeadline({ ...healthy, status: 'STALL', slaBreached: true, maxTimeLagMs: 6_000, maxTimeLagResolutionMs: 1_000 }, 5_000).text).toBe(
      'Stalled · SLA breached (oldest ≤ 6 s, SLA 5 s)',
    );
  });

  test('while a breach eases off its dwell, the headline says so rather than "7 s > 5 s"', () => {
    expect(queueHeadline({ ...healthy, slaBreached: true, maxTimeLagMs: 3_100 }, 5_000).text).toBe(
      'Lagging · SLA breached, easing (3.1 s now, SLA 5 s)',
    );
  });

  test('each status has one title and tone', () => {
    expect(queueHeadline(healthy, 5_000)).toMatchObject({ text: 'Keeping up', tone: 'ok', sla: null });
    expect(queueHeadline({ ...healthy, status: 'WARN' }, 5_000)).toMatchObject({ text: 'Lagging', tone: 'warn' });
    for (const [status, title] of [['STALL', 'Stalled'], ['STOP', 'Stopped'], ['REWIND', 'Rewound']] as const) {
      expect(queueHeadline({ ...healthy, status }, 5_000)).toMatchObject({ title, tone: 'bad' });
    }
  });

  test('records waiting with nothing seen persisted, before a whole window, is not judged', () => {
    const early = { ...healthy, windowComplete: false };
    expect(queueHeadline({ ...early, persistRate: null }, 5_000)).toMatchObject({ title: 'Not judged yet', judged: false, tone: 'plain' });
    expect(queueHeadline({ ...early, persistRate: 0 }, 5_000).judged).toBe(false);
    // Persisting, caught up, or already a verdict of its own: judged.
    expect(queueHeadline(early, 5_000).text).toBe('Keeping up');
    expect(queueHeadline({ ...early, persistRate: 0, totalLag: 0 }, 5_000).text).toBe('Keeping up');
    expect(queueHeadline({ ...early, persistRate: 0, status: 'WARN' }, 5_000).text).toBe('Lagging');
  });

  test('statusLabel is the headline of one status change', () => {
    expect(statusLabel('OK', true)).toEqual({ title: 'Lagging', tone: 'bad' });
    expect(statusLabel('OK', false)).toEqual({ title: 'Keeping up', tone: 'ok' });
  });
});

describe('drainVerdict', () => {
  const lag = { totalLag: 600, drainEtaMs: null };

  test('nothing waiting, rates unknown', () => {
    expect(drainVerdict({ ...lag, totalLag: 0, produceRate: null, persistRate: null })).toMatchObject({ kind: 'drained', value: '—' });
    expect(drainVerdict({ ...lag, produceRate: null, persistRate: 3 })).toMatchObject({ kind: 'measuring', value: '?' });
  });

  test('rates within 5% of each other are steady, whichever is ahead: no ETA of hours flipping to "steady"', () => {
    expect(drainVerdict({ ...lag, produceRate: 100, persistRate: 103, drainEtaMs: 200_000 })).toMatchObject({ kind: 'steady', value: 'steady' });
    expect(drainVerdict({ ...lag, produceRate: 100, persistRate: 97 })).toMatchObject({ kind: 'steady', value: 'steady' });
  });

  test('faster persisting drains at the current rates; slower never does; none persisted says so', () => {
    expect(drainVerdict({ ...lag, produceRate: 100, persistRate: 300, drainEtaMs: 3_000 })).toMatchObject({ kind: 'eta', value: '3 s' });
    expect(drainVerdict({ ...lag, produceRate: 100, persistRate: 300 }).value).toBe('3 s');
    expect(drainVerdict({ ...lag, produceRate: 100, persistRate: 50 })).toMatchObject({
      kind: 'never',
      detail: 'falling behind: 50/s persisted, 100/s produced',
      tone: 'warn',
    });
    expect(drainVerdict({ ...lag, produceRate: 0, persistRate: 0 })).toMatchObject({ kind: 'never', detail: 'nothing persisted over the window', tone: 'bad' });
  });
});

describe('time lag with its resolution', () => {
  test('measured reads as a value, a sampling bracket as an upper bound', () => {
    expect(formatTimeLag(120, 0)).toBe('120 ms');
    expect(formatTimeLag(1_010, 1_000)).toBe('≤ 1.01 s');
    expect(formatTimeLag(60_000, 1_000)).toBe('1 min');
    expect(formatTimeLag(0, null)).toBe('0 ms');
    expect(formatTimeLag(900, null)).toBe('≤ 900 ms');
    expect(formatTimeLag(null, null)).toBe('?');
  });

  test('timeLagVerdict says which it is', () => {
    expect(timeLagVerdict(120, 0)).toEqual({ value: '120 ms', measured: true, detail: 'measured' });
    expect(timeLagVerdict(1_010, 1_000)).toEqual({ value: '≤ 1.01 s', measured: false, detail: 'at most: dated within 1 s' });
    expect(timeLagVerdict(null, null)).toMatchObject({ value: '?', detail: 'not dated yet' });
  });
});
