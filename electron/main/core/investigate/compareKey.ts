import type pg from 'pg';
import type { CacheSide, DatabaseSide, DeadLetters, KeyComparison, PendingWrites } from '../../../../shared/contracts/investigate';
import { keyNameOf } from '../../../../shared/keyName';
import type { NamespaceMapping, Profile } from '../../../../shared/profile';
import { compareFields, databaseJson, versionText } from '../analysis/compareValues';
import { compareVerdict } from '../analysis/compareVerdict';
import { mappingForKey, suggestMapping, tableOf } from '../analysis/keyMapping';
import type { PartitionFetcher } from '../connections/partitionFetcher';
import type { ScanNode } from '../keys/scanKeys';
import { readCachedValue } from './readCachedValue';
import { readDatabaseRow, type RowRead } from './readDatabaseRow';
import { deadLettersForKeys, defaultKeyRecordLimits, pendingWritesForKey, type KeyRecordLimits } from './keyRecords';

/** What a comparison reads from: the session's connections, borrowed. */
export interface CompareDependencies {
  profile: Profile;
  /** The master that holds a key. */
  masterFor(key: Buffer): ScanNode;
  pool(): Promise<pg.Pool>;
  fetcher(): Promise<PartitionFetcher>;
  /** Why a Kafka read failed, in words (no secret); the fetcher is reset after a failure. */
  kafkaFailure(err: unknown, topic: string): Promise<string>;
  limits?: KeyRecordLimits;
  now?: () => number;
}

/** The two sides of one key, read together. */
export interface KeySides {
  key: Buffer;
  mapping: NamespaceMapping | null;
  cache: CacheSide;
  row: RowRead | null;
  id: string | null;
}

/** The route of the Failed writes view listing a key's dead letters. */
export function failedWritesRoute(key: Buffer): string {
  return `/failed-writes?key=${key.toString('hex')}`;
}

/** The cached value and the mapped row of one key. */
export async function readKeySides(deps: CompareDependencies, key: Buffer): Promise<KeySides> {
  const mapped = mappingForKey(key, deps.profile.namespaces);
  const master = deps.masterFor(key);
  const [cache, row] = await Promise.all([
    readCachedValue(master.client, master.address, key, {
      sentinel: deps.profile.writeBehind.missingRowSentinel,
      versionField: mapped?.mapping.versionColumn ?? 'version',
    }),
    !mapped
      ? null
      : mapped.id === null
        ? { columns: null, note: "the key's id part is not UTF-8 text, so no row can have it" }
        : readMappedRow(deps, mapped.mapping, mapped.id),
  ]);
  return { key, mapping: mapped?.mapping ?? null, cache, row, id: mapped?.id ?? null };
}

function mappingOut(mapping: NamespaceMapping | null) {
  return mapping ? { ...mapping, schema: mapping.schema ?? null } : null;
}

/** The comparison of one key from its sides, pending writes and dead-letter count. */
export function judgeKey(deps: CompareDependencies, sides: KeySides, pending: PendingWrites | null, deadLetters: DeadLetters | null, now: number): KeyComparison {
  const { profile } = deps;
  const { mapping, cache, row } = sides;
  const columns = row?.columns ?? null;
  const versionColumn = mapping?.versionColumn ?? 'version';
  const rowVersion = columns ? versionText(columns.find((c) => c.name === versionColumn)?.text ?? null) : null;
  const fields = mapping ? compareFields(cache.value ?? {}, columns ?? []) : [];
  const database: DatabaseSide | null = mapping
    ? {
        table: tableOf(mapping).shown,
        keyColumn: mapping.keyColumn,
        id: sides.id ?? '',
        row: columns ? Object.fromEntries(columns.map((c) => [c.name, databaseJson(c)])) : null,
        version: rowVersion,
      }
    : null;
  // Usable when read: the key's partition, or the whole queue (a sample reads every partition).
  const usable = pending !== null && pending.error === null && (pending.partition !== null || pending.complete);
  const verdict = compareVerdict({
    mapping,
    suggested: mapping ? null : suggestMapping(sides.key, profile.controls.namespaceDelimiter),
    cache,
    rowExists: mapping ? columns !== null : null,
    rowVersion,
    rowNote: row?.note ?? null,
    // Differences only mean something when both sides hold a row.
    fields: cache.state === 'value' && columns ? fields : [],
    pending: usable ? { records: pending!.records, complete: pending!.complete } : null,
    deadLetters: deadLetters && deadLetters.error === null ? deadLetters.count : null,
    slaMs: profile.writeBehind.persistenceSlaMs,
  });
  return {
    key: keyNameOf(sides.key),
    ...verdict,
    mapping: mappingOut(mapping),
    suggestedMapping: mapping ? null : mappingOut(suggestMapping(sides.key, profile.controls.namespaceDelimiter)),
    cache,
    database,
    fields,
    pendingWrites: pending,
    deadLetters,
    comparedAt: now,
  };
}

async function readMappedRow(deps: CompareDependencies, mapping: NamespaceMapping, id: string): Promise<RowRead> {
  return readDatabaseRow(await deps.pool(), mapping, id);
}

/**
 * `keys.compare`: the key's cached value beside its row, its pending writes (the key's queue
 * partition only) and its dead letters, read in parallel; a Kafka failure leaves the verdict to
 * the two sides and says why in `error`.
 */
export async function compareKey(deps: CompareDependencies, key: Buffer): Promise<KeyComparison> {
  const now = deps.now ?? Date.now;
  const limits = deps.limits ?? defaultKeyRecordLimits;
  const { queueTopic, flusherGroup, dlqTopic, replayGroup } = deps.profile.writeBehind;
  const pendingRead = deps
    .fetcher()
    .then((fetcher) => pendingWritesForKey(fetcher, key, { queueTopic, flusherGroup }, limits, now))
    .catch(
    async (err: unknown): Promise<PendingWrites> => ({
      topic: queueTopic,
      partition: null,
      partitionNote: null,
      committedOffset: null,
      endOffset: null,
      records: [],
      matching: 0,
      scanned: 0,
      complete: false,
      error: await deps.kafkaFailure(err, queueTopic),
    }),
  );
  const route = failedWritesRoute(key);
  const deadRead = deps
    .fetcher()
    .then((fetcher) => deadLettersForKeys(fetcher, new Set([key.toString('hex')]), { dlqTopic, replayGroup }, limits))
    .then(
    (read): DeadLetters =>
      read === null
        ? { topic: dlqTopic, count: 0, scanned: 0, complete: false, error: `the DLQ topic "${dlqTopic}" does not exist`, route }
        : { topic: dlqTopic, count: read.byKey.get(key.toString('hex'))?.count ?? 0, scanned: read.scanned, complete: read.complete, error: null, route },
    async (err: unknown): Promise<DeadLetters> => ({ topic: dlqTopic, count: 0, scanned: 0, complete: false, error: await deps.kafkaFailure(err, dlqTopic), route }),
  );
  const [sides, pending, deadLetters] = await Promise.all([readKeySides(deps, key), pendingRead, deadRead]);
  return judgeKey(deps, sides, pending, deadLetters, now());
}
