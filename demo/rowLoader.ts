import type pg from 'pg';
import type { CachedRow, EntityDefinition } from './entities';
import { qualifiedTable } from './schema';

/** Where the read-through cache gets a row on a miss. Tests wrap it to count loads. */
export interface RowLoader {
  load(entity: EntityDefinition, id: string): Promise<CachedRow | null>;
}

/** A row as the cache stores it: columns by name, version as a number, timestamps as ISO text. */
export function rowToCached(row: Record<string, unknown>): CachedRow {
  const updatedAt = row.updated_at;
  return {
    ...row,
    id: String(row.id),
    // node-postgres returns bigint as text; demo versions stay below 2^53.
    version: Number(row.version),
    updated_at: updatedAt instanceof Date ? updatedAt.toISOString() : updatedAt == null ? null : String(updatedAt),
  };
}

export function postgresRowLoader(pool: pg.Pool, schema: string): RowLoader {
  return {
    async load(entity, id) {
      const columns = ['id', ...entity.dataColumns.map((c) => c.name), 'version', 'updated_at'].join(', ');
      const result = await pool.query(`SELECT ${columns} FROM ${qualifiedTable(schema, entity)} WHERE id = $1`, [id]);
      const row = result.rows[0] as Record<string, unknown> | undefined;
      return row ? rowToCached(row) : null;
    },
  };
}
