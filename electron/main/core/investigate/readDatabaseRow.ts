import type pg from 'pg';
import { AppError } from '../../../../shared/errors';
import type { NamespaceMapping } from '../../../../shared/profile';
import type { DatabaseColumn } from '../analysis/compareValues';
import { quoteIdent, tableOf } from '../analysis/keyMapping';

export interface RowRead {
  /** Every column in Postgres' text output, in table order; null when there is no row. */
  columns: DatabaseColumn[] | null;
  /** Why no row could match (an id the key column's type cannot hold), or null. */
  note: string | null;
}

// Every column as Postgres' own text: exact for bigint and numeric, timestamps with their microseconds.
const asText = { getTypeParser: () => (value: string) => value };

/** SQLSTATEs of an id the key column cannot hold: not a row that exists, just no row. */
const idNotOfColumnType = new Set(['22P02', '22003', '22007', '22008', '22021']);

/**
 * The mapped row, by its key column, with one parameterised query (identifiers quoted).
 * A missing table or column is NOT_FOUND naming the mapping to fix; an id the key column's
 * type cannot hold (text for an integer column) means no row.
 */
export async function readDatabaseRow(pool: pg.Pool, mapping: NamespaceMapping, id: string): Promise<RowRead> {
  const table = tableOf(mapping);
  try {
    const result = await pool.query({
      text: `SELECT * FROM ${table.sql} WHERE ${quoteIdent(mapping.keyColumn)} = $1 LIMIT 1`,
      values: [id],
      types: asText,
    });
    const row = result.rows[0] as Record<string, string | null> | undefined;
    if (!row) return { columns: null, note: null };
    return { columns: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID, text: row[f.name] ?? null })), note: null };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && idNotOfColumnType.has(code)) return { columns: null, note: `the id "${id.slice(0, 80)}" cannot be a ${mapping.keyColumn} of ${table.shown}` };
    if (code === '42P01' || code === '42703' || code === '3F000') {
      throw new AppError('NOT_FOUND', `the mapping of ${mapping.keyPattern} names ${table.shown}.${mapping.keyColumn}, which Postgres does not have: ${(err as Error).message}`, { keyPattern: mapping.keyPattern });
    }
    throw err;
  }
}
