import type { GroupLag, QueueStatus } from './contracts/writeBehind';
import { formatDurationMs, formatPerSecond, formatTimeLag, timeLagMeasured } from './formatLag';

/**
 * The write-behind verdicts people read, decided once for the renderer and the CLI alike:
 * the status headline, the drain time and the time lag with its resolution.
 */

export type VerdictTone = 'ok' | 'warn' | 'bad' | 'plain';

const statusTitles: Record<QueueStatus, string> = {
  OK: 'Keeping up',
  WARN: 'Lagging',
  STALL: 'Stalled',
  STOP: 'Stopped',
  REWIND: 'Rewound',
  UNAVAILABLE: 'Kafka unreachable',
};

/**
 * A status and an SLA state as one label: a breach makes it at least "Lagging" and red, so
 * the two never contradict each other ("OK · SLA breached").
 */
export function statusLabel(status: QueueStatus, slaBreached: boolean): { title: string; tone: VerdictTone } {
  const title = slaBreached && status === 'OK' ? statusTitles.WARN : statusTitles[status];
  if (slaBreached || status !== 'OK' && status !== 'WARN') return { title, tone: 'bad' };
  return { title, tone: status === 'WARN' ? 'warn' : 'ok' };
}

/** A group as read, or as last read while the queue cannot be read (status UNAVAILABLE). */
export type HeadlineInput = Pick<
  GroupLag,
  'slaBreached' | 'maxTimeLagMs' | 'maxTimeLagResolutionMs' | 'totalLag' | 'persistRate' | 'windowComplete'
> & { status: QueueStatus };

export interface QueueHeadline {
  /** "Lagging", "Stalled", "Not judged yet"… */
  title: string;
  /** "SLA breached (7.2 s > 5 s)" while breached, else null. */
  sla: string | null;
  /** Both in one line: "Lagging · SLA breached (7.2 s > 5 s)". */
  text: string;
  tone: VerdictTone;
  /** False when the readings so far cannot tell whether the queue keeps up. */
  judged: boolean;
}

/**
 * The one headline for a group. Records waiting with nothing seen persisted, on fewer
 * samples than a window, is not judged: it may be a pause between batches or a stall.
 */
export function queueHeadline(q: HeadlineInput, slaMs: number): QueueHeadline {
  const unproven = q.persistRate === null || q.persistRate === 0;
  if (!q.windowComplete && q.status === 'OK' && !q.slaBreached && q.totalLag > 0 && unproven) {
    return { title: 'Not judged yet', sla: null, text: 'Not judged yet', tone: 'plain', judged: false };
  }
  const { title, tone } = statusLabel(q.status, q.slaBreached);
  const oldest = formatTimeLag(q.maxTimeLagMs, q.maxTimeLagResolutionMs);
  const sla = formatDurationMs(slaMs);
  let breach: string | null = null;
  if (q.slaBreached) {
    const stillOver = q.maxTimeLagMs !== null && q.maxTimeLagMs > slaMs;
    const measured = q.maxTimeLagMs !== null && timeLagMeasured(q.maxTimeLagMs, q.maxTimeLagResolutionMs);
    if (!stillOver) breach = `SLA breached, easing (${oldest} now, SLA ${sla})`;
    else breach = measured ? `SLA breached (${oldest} > ${sla})` : `SLA breached (oldest ${oldest}, SLA ${sla})`;
  }
  return { title, sla: breach, text: breach ? `${title} · ${breach}` : title, tone, judged: true };
}

export type DrainInput = Pick<GroupLag, 'totalLag' | 'produceRate' | 'persistRate' | 'drainEtaMs'>;

export interface DrainVerdict {
  kind: 'drained' | 'measuring' | 'eta' | 'steady' | 'never';
  /** "—", "?", "12 s", "steady", "never". */
  value: string;
  detail: string;
  tone: VerdictTone;
}

/** Rates within this share of each other keep the lag where it is: steady, not an ETA of hours. */
const steadyShare = 0.05;

/** When the lag drains at the window's rates. */
export function drainVerdict(q: DrainInput): DrainVerdict {
  const { totalLag, produceRate, persistRate } = q;
  if (totalLag === 0) return { kind: 'drained', value: '—', detail: 'nothing waiting', tone: 'plain' };
  if (produceRate === null || persistRate === null) return { kind: 'measuring', value: '?', detail: 'measuring the rates', tone: 'plain' };
  if (persistRate === 0) return { kind: 'never', value: 'never', detail: 'nothing persisted over the window', tone: 'bad' };
  if (Math.abs(persistRate - produceRate) <= steadyShare * Math.max(persistRate, produceRate)) {
    return { kind: 'steady', value: 'steady', detail: 'persisting as fast as produced', tone: 'plain' };
  }
  if (persistRate > produceRate) {
    const etaMs = q.drainEtaMs ?? Math.round((totalLag / (persistRate - produceRate)) * 1000);
    return { kind: 'eta', value: formatDurationMs(etaMs), detail: 'at the current rates', tone: 'plain' };
  }
  const behind = `falling behind: ${formatPerSecond(persistRate)} persisted, ${formatPerSecond(produceRate)} produced`;
  return { kind: 'never', value: 'never', detail: behind, tone: 'warn' };
}

export interface TimeLagVerdict {
  /** "120 ms", "≤ 1.01 s", "?". */
  value: string;
  measured: boolean;
  /** What the figure is: "measured", "at most: dated within 1 s", "not dated yet". */
  detail: string;
}

/** The oldest write's age as it can honestly be said: measured, or an upper bound with its resolution. */
export function timeLagVerdict(ms: number | null, resolutionMs: number | null): TimeLagVerdict {
  if (ms === null) return { value: '?', measured: false, detail: 'not dated yet' };
  const measured = timeLagMeasured(ms, resolutionMs);
  const detail = measured ? 'measured' : resolutionMs === null ? 'at most' : `at most: dated within ${formatDurationMs(resolutionMs)}`;
  return { value: formatTimeLag(ms, resolutionMs), measured, detail };
}
