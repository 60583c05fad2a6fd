import { IncidentBundleSchema, type IncidentBundle, type IncidentExport, type IncidentKeyComparison, type IncidentWindow } from '../../../../shared/contracts/timeline';
import { incidentHtml } from '../analysis/incidentHtml';
import { scrubSecrets, scrubStrings } from '../analysis/scrubSecrets';
import { appVersion } from '../appVersion';
import type { AuditLog } from '../audit/auditLog';
import type { ProfileSession } from '../profiles/profileSession';
import { incidentChartSpecs, renderIncidentCharts } from './incidentCharts';
import { auditRecordsIn, timelineEvents } from './timelineEvents';
import { timelineSeries } from './timelineSeries';

/** Events one export carries at most (the newest); a week of a busy cache stays a file a browser opens. */
const maxExportedEvents = 5_000;

export interface IncidentSources {
  session: ProfileSession;
  audit: AuditLog;
  /** Every password of every profile: none may reach the file, in any spelling. */
  secrets: readonly string[];
  /** Key comparisons made in the window, when the core keeps them; none otherwise. */
  keyComparisons?: (window: IncidentWindow) => Promise<IncidentKeyComparison[]>;
  now?: number;
}

/** Gathers the window's series, events and audit records from the session and the audit log. */
export async function incidentBundle(window: IncidentWindow, sources: IncidentSources): Promise<IncidentBundle> {
  const { session, audit } = sources;
  const { profile } = session;
  const events = await timelineEvents(session.timeline, audit, profile.id, { since: window.from, until: window.to, limit: maxExportedEvents });
  const bundle: IncidentBundle = {
    format: 'cachescope-incident/1',
    exportedAt: sources.now ?? Date.now(),
    app: { name: 'CacheScope', version: appVersion },
    profile: { id: profile.id, name: profile.name, environment: profile.environment },
    window: { from: window.from, to: window.to },
    series: await timelineSeries(session, window.from, window.to),
    events: events.events,
    audit: await auditRecordsIn(audit, profile.id, window.from, window.to),
    keyComparisons: (await sources.keyComparisons?.(window)) ?? [],
  };
  // Server messages, key names and parameters may carry a password: every string is scrubbed.
  return IncidentBundleSchema.parse(scrubStrings(bundle, sources.secrets));
}

/** A name for the file: the profile and the window's start, nothing a file system refuses. */
export function incidentFileName(profileId: string, from: number): string {
  const stamp = new Date(from).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return `incident-${profileId.replace(/[^\w-]/g, '_')}-${stamp}.html`;
}

/** The whole export: the bundle, its charts rendered to SVG, one HTML document, scrubbed once more as a whole. */
export async function exportIncident(window: IncidentWindow, sources: IncidentSources): Promise<IncidentExport> {
  const bundle = await incidentBundle(window, sources);
  const charts = await renderIncidentCharts(incidentChartSpecs(bundle));
  const html = scrubSecrets(incidentHtml(bundle, charts), sources.secrets);
  return {
    fileName: incidentFileName(bundle.profile.id, window.from),
    html,
    bytes: Buffer.byteLength(html),
    events: bundle.events.length,
    auditRecords: bundle.audit.length,
  };
}
