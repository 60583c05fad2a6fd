import type { AheadStatus, CacheSide, CompareVerdict, FieldComparison, PendingWrite } from '../../../../shared/contracts/investigate';
import type { NamespaceMapping } from '../../../../shared/profile';
import { formatDurationMs } from '../../../../shared/formatLag';
import { compareVersions } from './compareValues';

/** What the verdict is decided from: both sides, the key's pending writes and dead letters. */
export interface VerdictInput {
  /** Null: no mapping matches the key. */
  mapping: NamespaceMapping | null;
  suggested: NamespaceMapping | null;
  cache: Pick<CacheSide, 'state' | 'version' | 'type' | 'ttlMs'>;
  /** Whether the row exists; null when unmapped. */
  rowExists: boolean | null;
  rowVersion: string | null;
  /** Why no row could be looked up (an id that is not text), or null. */
  rowNote: string | null;
  fields: readonly FieldComparison[];
  /** The key's pending writes, oldest first; null when they could not be read. */
  pending: { records: readonly PendingWrite[]; complete: boolean } | null;
  deadLetters: number | null;
  slaMs: number;
}

export interface Verdict {
  verdict: CompareVerdict;
  headline: string;
  explanation: string;
  problem: boolean;
  ahead: AheadStatus | null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function pendingText(pending: VerdictInput['pending']): string {
  if (pending === null) return 'Its pending writes could not be read.';
  if (pending.records.length === 0) return pending.complete ? 'No write of this key is pending in the queue.' : 'No pending write of this key was found in the records read.';
  const last = pending.records[pending.records.length - 1]!;
  return `${plural(pending.records.length, 'write')} of this key ${pending.records.length === 1 ? 'is' : 'are'} still queued (the latest: ${last.op ?? 'unknown op'}${last.version !== null ? ` v${last.version}` : ''}).`;
}

function deadLetterText(deadLetters: number | null): string {
  return deadLetters ? ` ${plural(deadLetters, 'dead letter')} of this key ${deadLetters === 1 ? 'waits' : 'wait'} in the DLQ: replay ${deadLetters === 1 ? 'it' : 'them'} from Failed writes.` : '';
}

/** Is a write the cache already shows still within the SLA? From the oldest pending write of the key. */
export function aheadStatus(pending: VerdictInput['pending'], slaMs: number): AheadStatus {
  if (pending === null) return { sla: 'unknown', slaMs, oldestPendingAgeMs: null };
  const ages = pending.records.map((r) => r.ageMs).filter((a): a is number => a !== null);
  if (pending.records.length === 0) return { sla: pending.complete ? 'no-pending-write' : 'unknown', slaMs, oldestPendingAgeMs: null };
  const oldest = ages.length > 0 ? Math.max(...ages) : null;
  if (oldest === null) return { sla: 'unknown', slaMs, oldestPendingAgeMs: null };
  return { sla: oldest > slaMs ? 'breached' : 'within', slaMs, oldestPendingAgeMs: oldest };
}

function aheadVerdict(input: VerdictInput, headline: string, lead: string): Verdict {
  const ahead = aheadStatus(input.pending, input.slaMs);
  const sla = formatDurationMs(input.slaMs);
  const age = ahead.oldestPendingAgeMs === null ? '' : formatDurationMs(ahead.oldestPendingAgeMs);
  const tail = {
    within: `Normal for write-behind: the oldest pending write of this key is ${age} old, within the ${sla} SLA.`,
    breached: `A problem: the oldest pending write of this key is ${age} old, past the ${sla} SLA — the flusher is behind or stopped (see Write-behind).`,
    'no-pending-write': `A problem: no write of this key is pending in the queue, so this value may never reach Postgres (lost, or failed to the DLQ).`,
    unknown: `Whether it is within the ${sla} SLA cannot be told: the key's pending writes could not all be read.`,
  }[ahead.sla];
  return {
    verdict: 'ahead',
    headline,
    explanation: `${lead} ${tail} ${pendingText(input.pending)}${deadLetterText(input.deadLetters)}`,
    problem: ahead.sla !== 'within',
    ahead,
  };
}

/** The verdict rules of docs/investigate.md, in order. */
export function compareVerdict(input: VerdictInput): Verdict {
  const { cache } = input;
  const dead = deadLetterText(input.deadLetters);
  if (input.mapping === null) {
    const add = input.suggested
      ? `Add a namespace mapping to the profile, e.g. { "keyPattern": "${input.suggested.keyPattern}", "table": "${input.suggested.table}", "keyColumn": "id", "versionColumn": "version" }.`
      : 'Add a namespace mapping (keyPattern with {id}, table, keyColumn, versionColumn) that matches this key to the profile.';
    return { verdict: 'unmapped', headline: 'Unmapped: no namespace mapping matches this key', explanation: `The profile does not say which table holds this key's row. ${add}`, problem: false, ahead: null };
  }
  if (cache.state === 'sentinel') {
    return input.rowExists
      ? {
          verdict: 'negative-cached',
          headline: 'Negative-cached, but the row exists',
          explanation: `The cache holds the missing-row sentinel while Postgres has the row: readers are told it does not exist${cache.ttlMs !== null ? ` until the sentinel expires in ${formatDurationMs(cache.ttlMs)}` : ', and the sentinel never expires'}. Invalidate the key to let the next read load the row.`,
          problem: true,
          ahead: null,
        }
      : {
          verdict: 'negative-cached',
          headline: 'Negative-cached: the row does not exist',
          explanation: `The cache remembers that the row is missing (the missing-row sentinel), and Postgres agrees.${cache.ttlMs === null ? ' The sentinel never expires: a row created later stays hidden until it is invalidated.' : ''}`,
          problem: cache.ttlMs === null,
          ahead: null,
        };
  }
  if (cache.state === 'absent') {
    const queued = input.pending && input.pending.records.length > 0 ? ` ${pendingText(input.pending)}` : '';
    return {
      verdict: 'missing-in-cache',
      headline: input.rowExists ? 'Missing in cache: the next read loads the row' : 'Missing in cache, and no row either',
      explanation: `${input.rowExists ? 'The key is not cached (expired, evicted or invalidated); the next read-through fills it from Postgres.' : 'Neither Redis nor Postgres has it.'}${input.rowNote ? ` ${input.rowNote}` : ''}${queued}${dead}`,
      problem: false,
      ahead: null,
    };
  }
  if (!input.rowExists) {
    const upsertQueued = input.pending?.records.some((r) => r.op === 'upsert') ?? false;
    if (upsertQueued) return aheadVerdict(input, 'Ahead: the row is not in Postgres yet', 'The cache holds a row that Postgres does not have yet, and an upsert of it is queued.');
    return {
      verdict: 'missing-in-db',
      headline: 'Missing in Postgres: the cache serves a row that does not exist',
      explanation: `${input.rowNote ?? 'Postgres has no row for this key'}, yet the cache holds a value: the row was deleted without invalidating the key, or a write never reached Postgres. ${pendingText(input.pending)}${dead}`,
      problem: true,
      ahead: null,
    };
  }
  const differences = input.fields.filter((f) => !f.equal).length;
  if (cache.state !== 'value') {
    const what = { 'not-json': 'is not a JSON object', 'too-big': 'is larger than the read bound', 'wrong-type': `is a ${cache.type ?? 'non-string'}, not a string` }[cache.state];
    return { verdict: 'stale', headline: 'Stale: the cached value cannot match the row', explanation: `The cached value ${what}, so it cannot be the row's columns. Invalidate the key if it is meant to hold the row.`, problem: true, ahead: null };
  }
  const order = cache.version !== null && input.rowVersion !== null ? compareVersions(cache.version, input.rowVersion) : null;
  if (order === null) {
    return differences === 0
      ? { verdict: 'fresh', headline: 'Fresh: every field matches the row', explanation: 'No version on one side to go by, but every field equals the row.', problem: false, ahead: null }
      : { verdict: 'stale', headline: `Stale: ${plural(differences, 'field')} differ${differences === 1 ? 's' : ''} from the row`, explanation: `No version on one side to go by; the content differs from the row. ${pendingText(input.pending)}${dead}`, problem: true, ahead: null };
  }
  if (order < 0) {
    return {
      verdict: 'stale',
      headline: `Stale: the cache holds version ${cache.version}, the row version ${input.rowVersion}`,
      explanation: `Postgres moved on without the cache: a write that skipped the cache, or a lost invalidation. Readers get the old value until it expires${cache.ttlMs !== null ? ` (in ${formatDurationMs(cache.ttlMs)})` : ' — and it has no TTL'}. Invalidate the key.${dead}`,
      problem: true,
      ahead: null,
    };
  }
  if (order > 0) {
    return aheadVerdict(input, `Ahead: the cache holds version ${cache.version}, the row version ${input.rowVersion}`, 'The cache shows a write Postgres does not have yet.');
  }
  return differences === 0
    ? { verdict: 'fresh', headline: `Fresh: version ${cache.version} on both sides`, explanation: 'The cached value equals the row, field by field.', problem: false, ahead: null }
    : {
        verdict: 'stale',
        headline: `Stale: same version ${cache.version}, different content`,
        explanation: `${plural(differences, 'field')} differ${differences === 1 ? 's' : ''} although both sides claim version ${cache.version}: something changed one side without a new version (a manual UPDATE, a writer that does not bump versions). Invalidate the key and fix the writer.${dead}`,
        problem: true,
        ahead: null,
      };
}
