import type { AuditOutcome, AuditRecord } from '../../../../shared/contracts/audit';
import type { AppErrorData } from '../../../../shared/errors';
import { redactUrl } from './redactUrl';

/** Parameter names whose values are never written, whatever a control passes. */
const secretName = /pass|secret|token|credential|sasl|auth|key(?:file)?$/i;

/** Key names are parameters of invalidations; "key" alone is not a secret there. */
const allowedNames = new Set(['key', 'keys', 'keyHex']);

/** Strings longer than this are cut: a 10 kB key name would make the log unreadable. */
const maxString = 512;
/** Lists longer than this keep their first items and say how many there were. */
const maxItems = 20;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    const safe = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : value;
    return safe.length > maxString ? `${safe.slice(0, maxString)}… (${safe.length} characters)` : safe;
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, maxItems).map((v) => redactValue(v, depth + 1));
    return value.length > maxItems ? [...items, `… ${value.length} in all`] : items;
  }
  if (value && typeof value === 'object') {
    if (depth > 3) return '…';
    return redactParameters(value as Record<string, unknown>, depth + 1);
  }
  return value;
}

/** Parameters fit to be written: secrets replaced, URLs without passwords, long strings and lists cut. */
export function redactParameters(parameters: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined) continue;
    out[name] = secretName.test(name) && !allowedNames.has(name) ? '***' : redactValue(value, depth);
  }
  return out;
}

/** The numbers of a result (or of a failure's details, what was done before it failed). */
export function countsOf(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object') return {};
  const counts: Record<string, number> = {};
  for (const [name, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) counts[name] = v;
  return counts;
}

export interface AuditEntry {
  at: number;
  user: string;
  host: string;
  frontEnd: AuditRecord['frontEnd'];
  profile: { id: string; name: string; environment: string };
  action: string;
  parameters: Record<string, unknown>;
  counts: Record<string, number>;
  durationMs: number;
  outcome: AuditOutcome;
  error: AppErrorData | null;
}

/** One audit record from what happened: redacted, the error without its details (they may hold anything). */
export function shapeAuditRecord(entry: AuditEntry): AuditRecord {
  return {
    time: new Date(entry.at).toISOString(),
    user: entry.user,
    host: entry.host,
    frontEnd: entry.frontEnd,
    profileId: entry.profile.id,
    profileName: entry.profile.name,
    environment: entry.profile.environment,
    action: entry.action,
    parameters: redactParameters(entry.parameters),
    counts: entry.counts,
    durationMs: Math.max(0, Math.round(entry.durationMs)),
    outcome: entry.outcome,
    error: entry.error ? { code: entry.error.code, message: redactValue(entry.error.message, 0) as string } : null,
  };
}

export interface AuditFilter {
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  text?: string | undefined;
  since?: number | undefined;
}

/** Whether a record (and its raw line, for the text search) passes the filter. */
export function auditRecordMatches(record: AuditRecord, line: string, filter: AuditFilter): boolean {
  if (filter.action && record.action !== filter.action) return false;
  if (filter.outcome && record.outcome !== filter.outcome) return false;
  if (filter.since !== undefined && Date.parse(record.time) < filter.since) return false;
  if (filter.text && !line.toLowerCase().includes(filter.text.toLowerCase())) return false;
  return true;
}
