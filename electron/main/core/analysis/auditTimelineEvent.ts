import { createHash } from 'node:crypto';
import type { AuditRecord } from '../../../../shared/contracts/audit';
import { eventTitleMaxLength, type TimelineEvent, type TimelineSeverity } from '../../../../shared/contracts/timeline';

/** Titles for the actions known today; any other action shows by its name (`deadLetters.replay`). */
const actionTitles: Record<string, string> = {
  'keys.invalidate': 'Keys invalidated',
  'cache.flushNamespace': 'Namespace flushed',
  'cache.flushDb': 'Database flushed',
  'writeBehind.flush': 'Write-behind queue flushed',
};

const severities: Record<AuditRecord['outcome'], TimelineSeverity> = { ok: 'info', cancelled: 'warning', refused: 'warning', failed: 'critical' };

const maxDetail = 600;

function parameterText(parameters: AuditRecord['parameters']): string {
  return Object.entries(parameters)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
}

/**
 * Every audited action as a timeline event, whatever its name: the audit record is the source
 * (read from the audit log, never copied into the timeline file), so actions other front ends
 * took — a CLI invalidation — are on the timeline too. The id is derived from the record, so
 * the same record listed twice is the same event.
 */
export function auditTimelineEvent(record: AuditRecord): TimelineEvent {
  const at = Date.parse(record.time);
  const name = actionTitles[record.action] ?? record.action;
  const counts = Object.entries(record.counts).map(([k, v]) => `${k}=${v}`).join(' ');
  const detail = [
    `${record.user}@${record.host} via ${record.frontEnd}`,
    parameterText(record.parameters),
    counts,
    record.error ? record.error.message : '',
  ]
    .filter((part) => part !== '')
    .join(' · ');
  const digest = createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 16);
  return {
    id: `audit-${Number.isFinite(at) ? at : 0}-${digest}`,
    kind: 'action',
    at: Number.isFinite(at) ? at : 0,
    severity: severities[record.outcome],
    title: (record.outcome === 'ok' ? name : `${name} (${record.outcome})`).slice(0, eventTitleMaxLength),
    detail: detail.length > maxDetail ? `${detail.slice(0, maxDetail - 1)}…` : detail,
    route: '/audit',
    source: 'audit log',
  };
}
