import { serviceNames, type HealthReport, type ServiceName } from '../../../../shared/contract';
import { formatDurationMs } from '../../../../shared/formatLag';
import type { TimelineDraft } from './timelineDraft';

const labels: Record<ServiceName, string> = { redis: 'Redis', postgres: 'PostgreSQL', kafka: 'Kafka' };

/**
 * Outages and recoveries between two health reports: a service that was up (or not checked
 * yet) and is down is an outage; one that was down and answers again is a recovery, with how
 * long it was down. The first check of a service that answers is no event.
 */
export function serviceTransitions(previous: HealthReport | null, next: HealthReport, now: number): TimelineDraft[] {
  const drafts: TimelineDraft[] = [];
  for (const service of serviceNames) {
    const before = previous?.[service].state ?? 'unknown';
    const after = next[service];
    if (after.state === before || after.state === 'unknown') continue;
    const at = after.checkedAt ?? now;
    if (after.state === 'down') {
      drafts.push({
        kind: 'service',
        at,
        severity: 'critical',
        title: `${labels[service]} down`,
        detail: `${after.target}: ${after.error?.message ?? 'no answer'}`,
        route: '/overview',
        source: 'health monitor',
      });
    } else if (before === 'down') {
      const downSince = previous?.[service].lastOkAt;
      drafts.push({
        kind: 'service',
        at,
        severity: 'ok',
        title: `${labels[service]} back`,
        detail: `${after.target} answers again${downSince ? ` after ${formatDurationMs(at - downSince)} without an answer` : ''}`,
        route: '/overview',
        source: 'health monitor',
      });
    }
  }
  return drafts;
}
