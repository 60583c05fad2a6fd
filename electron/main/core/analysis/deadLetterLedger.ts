import type { OffsetRange } from '../../../../shared/contracts/replay';
import { OffsetRangeSet } from './offsetRangeSet';

/**
 * The ledger of dead letters handled past the replay cursor (a selection replayed or parked
 * while earlier records stay pending). It lives in the compacted topic `<dlq>.replayed`, one
 * record per run keyed `<partition>/<from>-<to>`, so every CacheScope replaying that DLQ —
 * on any laptop — skips them; a run below the cursor is obsolete and gets a tombstone.
 */
/** What the job that handled the run did (a replay's run may hold records it skipped as superseded or already handled). */
export type LedgerAction = 'replayed' | 'parked';

export interface LedgerEntry extends OffsetRange {
  action: LedgerAction;
  /** ISO 8601 UTC. */
  at: string;
  by: string;
}

export function ledgerKey(range: OffsetRange): string {
  return `${range.partition}/${range.from}-${range.to}`;
}

/** A ledger record's value, or null when it is not one (another tool's record, garbage): ignored, never trusted. */
export function parseLedgerEntry(value: Buffer | null): LedgerEntry | null {
  if (value === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const { partition, from, to, action, at, by } = json as Record<string, unknown>;
  const offset = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!offset(partition) || !offset(from) || !offset(to) || from > to) return null;
  if (action !== 'replayed' && action !== 'parked') return null;
  return { partition, from, to, action, at: typeof at === 'string' ? at : '', by: typeof by === 'string' ? by : '' };
}

/** The ledger's runs at or past each partition's cursor: those below it are history, the cursor covers them. */
export function ledgerRunsAhead(entries: Iterable<OffsetRange>, cursors: ReadonlyMap<number, number>): OffsetRangeSet {
  const ahead: OffsetRange[] = [];
  for (const entry of entries) if (entry.to >= (cursors.get(entry.partition) ?? 0)) ahead.push(entry);
  return new OffsetRangeSet(ahead);
}
