import type { StatusChange } from '../../../../shared/contracts/writeBehind';
import type { TimelineSeverity } from '../../../../shared/contracts/timeline';
import { statusLabel, type VerdictTone } from '../../../../shared/queueVerdicts';
import type { TimelineDraft } from './timelineDraft';

const severityOf: Record<VerdictTone, TimelineSeverity> = { ok: 'ok', warn: 'warning', bad: 'critical', plain: 'info' };

/**
 * A write-behind status change or SLA breach as a timeline event, titled as the Write-behind
 * view says it. The first verdict after watching started is news only when it is not OK.
 */
export function queueStatusEvent(change: StatusChange): TimelineDraft | null {
  const { status, slaBreached, previousStatus, previousSlaBreached } = change;
  const first = previousStatus === null;
  if (first && status === 'OK' && !slaBreached) return null;
  const parts: string[] = [];
  if (status !== previousStatus) parts.push(`Write-behind ${statusLabel(status, false).title.toLowerCase()}`);
  if (slaBreached && previousSlaBreached !== true) parts.push('SLA breached');
  if (!slaBreached && previousSlaBreached === true) parts.push('back within the SLA');
  if (parts.length === 0) return null;
  const title = parts.join(' · ');
  return {
    kind: 'writeBehind',
    at: change.at,
    severity: severityOf[statusLabel(status, slaBreached).tone],
    title: title.charAt(0).toUpperCase() + title.slice(1),
    detail: `${change.groupId} on ${change.topic}: ${change.reason}`,
    route: '/write-behind',
    source: 'write-behind sampler',
  };
}
