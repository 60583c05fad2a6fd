import type { z } from 'zod';
import type { AuditRecord } from '../../../../shared/contracts/audit';
import type { TimelineEvent, TimelineQuerySchema } from '../../../../shared/contracts/timeline';
import { auditTimelineEvent } from '../analysis/auditTimelineEvent';
import { mergeByTime, selectEvents } from '../analysis/timelineWindow';
import type { AuditLog } from '../audit/auditLog';
import type { TimelineLog } from './timelineLog';

export type TimelineSelection = z.output<typeof TimelineQuerySchema>;

/** The most audit records one listing reads (the audit log is read from its end, bounded per page). */
const maxAuditRecords = 1_000;

/** The profile's audited actions in the window, oldest first. */
export async function auditRecordsIn(audit: AuditLog, profileId: string, since: number | undefined, until: number | undefined): Promise<AuditRecord[]> {
  const page = await audit.read({ limit: maxAuditRecords, ...(since !== undefined ? { since } : {}) });
  return page.records
    .filter((r) => r.profileId === profileId && (until === undefined || Date.parse(r.time) <= until))
    .reverse();
}

/**
 * One profile's timeline in a window: the log's events and the audit log's records of that
 * profile, merged in time order, of the kinds asked for, the newest `limit` of them.
 */
export async function timelineEvents(
  log: TimelineLog,
  audit: AuditLog,
  profileId: string,
  query: TimelineSelection,
): Promise<{ events: TimelineEvent[]; truncated: boolean }> {
  const { since, until, kinds, limit } = query;
  const own = await log.list({ since, until, kinds, limit });
  const withActions = !kinds || kinds.includes('action');
  const actions = withActions ? (await auditRecordsIn(audit, profileId, since, until)).map(auditTimelineEvent) : [];
  const merged = selectEvents(mergeByTime(own.events, actions), { limit });
  return { events: merged.events, truncated: own.truncated || merged.truncated };
}
