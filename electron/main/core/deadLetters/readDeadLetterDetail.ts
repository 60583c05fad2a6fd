import type { KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import type { DeadLetterDetail } from '../../../../shared/contracts/deadLetters';
import type { KeyDetail } from '../../../../shared/contracts/keys';
import { AppError, toAppErrorData } from '../../../../shared/errors';
import type { NamespaceMapping } from '../../../../shared/profile';
import { jsonRow } from '../analysis/databaseRow';
import { decodeHeaders } from '../analysis/deadLetterHeaders';
import { mappedKey, quoteIdent, tableOf, type MappedKey } from '../analysis/keyMapping';
import { valueText } from '../analysis/valueText';
import { envelopeIdentity } from '../../../../shared/writeBehindProtocol';
import { kafkaReadError } from '../connections/kafkaErrors';
import { withTimeout } from '../lifecycle/withTimeout';
import { readOffsetRanges, withFetcher } from '../samplers/offsetRangeReader';
import { deadLetterRow, readDeadLetter } from './deadLetterRow';
import { deadLetterReadTimeoutMs, openCursor, type DeadLetterSource } from './deadLetterSource';

/** The value is shown up to these many bytes (a DLQ record may be megabytes). */
const valueLimits = { textBytes: 256 * 1024, hexBytes: 16 * 1024 } as const;
const lookupTimeoutMs = 5_000;

export interface DetailDependencies {
  source: DeadLetterSource;
  namespaces: readonly NamespaceMapping[];
  pool: () => Promise<pg.Pool>;
  /** The key's cached value; NOT_FOUND when it is not cached. */
  readCached: (key: Buffer) => Promise<KeyDetail>;
}

async function readOne(source: DeadLetterSource, partition: number, offset: string): Promise<{ message: KafkaMessage; pending: boolean }> {
  const { dlqTopic } = source.conventions;
  const cursor = await openCursor(source);
  const at = Number(offset);
  const bounds = cursor.partitions.find((p) => p.partition === partition);
  const where = `${dlqTopic}/${partition}/${offset}`;
  if (bounds === undefined) throw new AppError('NOT_FOUND', `${dlqTopic} has no partition ${partition}`, { partition });
  if (at < bounds.low || at >= bounds.high) {
    throw new AppError('NOT_FOUND', `no record at ${where}: the partition holds offsets ${bounds.low} to ${bounds.high - 1}`, { partition, offset });
  }
  let found: KafkaMessage | undefined;
  let complete: boolean;
  try {
    ({ complete } = await withFetcher(source.kafka, (fetcher) =>
      readOffsetRanges(
        fetcher,
        dlqTopic,
        [{ partition, from: at, to: at + 1 }],
        { onMessage: (_p, message) => (found = message), onRangeEnd: () => null },
        { timeoutMs: deadLetterReadTimeoutMs },
      ),
    ));
  } catch (err) {
    throw kafkaReadError(err, source.target, dlqTopic);
  }
  if (found !== undefined) return { message: found, pending: cursor.isPending(partition, at) };
  if (!complete) throw new AppError('TIMEOUT', `reading ${where} did not finish within ${deadLetterReadTimeoutMs / 1000} s`);
  throw new AppError('NOT_FOUND', `no record at ${where} (a transaction marker, or removed by compaction)`, { partition, offset });
}

async function currentRow(pool: () => Promise<pg.Pool>, { mapping, id }: MappedKey & { id: string }): Promise<{ row: Record<string, unknown> | null; rowNote: string | null }> {
  const sql = `SELECT * FROM ${tableOf(mapping).sql} WHERE ${quoteIdent(mapping.keyColumn)} = $1 LIMIT 1`;
  try {
    const result = await withTimeout(
      pool().then((p) => p.query<Record<string, unknown>>(sql, [id])),
      lookupTimeoutMs,
      'Postgres',
    );
    const row = result.rows[0];
    return row === undefined ? { row: null, rowNote: `no row in ${mapping.table} with ${mapping.keyColumn} = ${id}` } : { row: jsonRow(row), rowNote: null };
  } catch (err) {
    return { row: null, rowNote: `could not read ${mapping.table}: ${toAppErrorData(err).message}` };
  }
}

async function cachedValue(read: DetailDependencies['readCached'], key: Buffer): Promise<{ cached: KeyDetail | null; cachedNote: string | null }> {
  try {
    return { cached: await withTimeout(read(key), lookupTimeoutMs, 'Redis'), cachedNote: null };
  } catch (err) {
    const error = toAppErrorData(err);
    return { cached: null, cachedNote: error.code === 'NOT_FOUND' ? 'not cached' : `could not read the cache: ${error.message}` };
  }
}

/**
 * One dead letter in full: every header decoded, the value within a bound, the envelope's
 * identity, and — when a namespace mapping covers the key — the row Postgres holds and the
 * value Redis caches for it now, read side by side. A lookup that fails says why in its
 * note; the record is still shown.
 */
export async function readDeadLetterDetail(deps: DetailDependencies, partition: number, offset: string): Promise<DeadLetterDetail> {
  const { message, pending } = await readOne(deps.source, partition, offset);
  const letter = readDeadLetter(partition, message);
  const { preview: _preview, ...row } = deadLetterRow(letter, pending);
  const value = message.value;
  const mapped = mappedKey(deps.namespaces, letter.key);
  let current: DeadLetterDetail['current'] = null;
  if (mapped !== null && letter.key !== null) {
    const [database, cache] = await Promise.all([currentRow(deps.pool, mapped), cachedValue(deps.readCached, letter.key)]);
    const { keyPattern, table, keyColumn, versionColumn } = mapped.mapping;
    current = { keyPattern, table, keyColumn, versionColumn, id: mapped.id, ...database, ...cache };
  }
  return {
    ...row,
    topic: deps.source.conventions.dlqTopic,
    headers: decodeHeaders(message.headers ?? {}),
    value: value === null ? null : valueText(value, value.length, valueLimits),
    envelope: envelopeIdentity(value),
    current,
  };
}
