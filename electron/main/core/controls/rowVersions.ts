import type pg from 'pg';
import type { NamespaceMapping } from '../../../../shared/profile';
import { quoteIdent, tableOf } from '../analysis/keyMapping';

/** SQLSTATEs that mean the mapping does not fit this database (no such table or column, a key that is not the column's type). */
const mappingMismatch = /^(?:42P01|42703|42883|22P02|42804)$/;

export type RowVersions =
  /** The version of each id that has a row (ids without one are absent). */
  | { ok: true; versions: Map<string, string> }
  /** The mapping does not fit this database: nothing can be compared. */
  | { ok: false; error: string };

/**
 * The version column of the rows with these ids, in one parameterised query, identifiers
 * quoted. The ids are compared with the key column as it is typed; when the column's type
 * refuses one, the comparison is done as text (slower, never wrong). A connection failure throws.
 */
export async function rowVersions(pool: pg.Pool, mapping: NamespaceMapping, ids: readonly string[]): Promise<RowVersions> {
  const key = quoteIdent(mapping.keyColumn);
  const version = quoteIdent(mapping.versionColumn);
  const table = tableOf(mapping).sql;
  const select = (comparison: string) => `SELECT ${key}::text AS id, ${version}::text AS version FROM ${table} WHERE ${comparison}`;
  const read = async (sql: string) => {
    const { rows } = await pool.query<{ id: string; version: string | null }>(sql, [ids]);
    return { ok: true as const, versions: new Map(rows.filter((r) => r.version !== null).map((r) => [r.id, r.version!])) };
  };
  try {
    return await read(select(`${key} = ANY($1)`));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !mappingMismatch.test(code)) throw err;
    try {
      return await read(select(`${key}::text = ANY($1::text[])`));
    } catch (again) {
      const code2 = (again as { code?: unknown }).code;
      if (typeof code2 !== 'string' || !mappingMismatch.test(code2)) throw again;
      return { ok: false, error: `${mapping.table}: ${(again as Error).message}` };
    }
  }
}
