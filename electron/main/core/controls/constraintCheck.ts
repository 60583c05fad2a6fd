import type pg from 'pg';
import type { NamespaceMapping } from '../../../../shared/profile';
import { tableOf } from '../analysis/keyMapping';

export interface CheckConstraint {
  name: string;
  /** The constraint's expression as Postgres prints it (`pg_get_expr`): from the catalog, not from a record. */
  expression: string;
}

/** The table's CHECK constraints as they are now. */
export async function checkConstraintsOf(pool: pg.Pool, mapping: NamespaceMapping): Promise<CheckConstraint[]> {
  const { rows } = await pool.query<{ name: string; expression: string }>(
    `SELECT conname AS name, pg_get_expr(conbin, conrelid) AS expression FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c' ORDER BY conname`,
    [tableOf(mapping).sql],
  );
  return rows;
}

/**
 * Which CHECK constraint each row would break, evaluated by a SELECT over the rows built
 * from the records' data (`jsonb_populate_recordset` over the table's row type): nothing is
 * written, nothing is locked. A CHECK passes when its expression is not false (true or null),
 * as in an INSERT. NOT NULL, foreign keys and unique constraints are not evaluated.
 * Returns, per row in order, the name of the first constraint it breaks or null.
 */
export async function brokenConstraints(pool: pg.Pool, mapping: NamespaceMapping, constraints: readonly CheckConstraint[], rows: readonly Record<string, unknown>[]): Promise<(string | null)[]> {
  if (constraints.length === 0 || rows.length === 0) return rows.map(() => null);
  const columns = constraints.map((c, i) => `(${c.expression}) IS NOT FALSE AS c${i}`).join(', ');
  const sql = `SELECT ${columns} FROM jsonb_populate_recordset(NULL::${tableOf(mapping).sql}, $1::jsonb) WITH ORDINALITY AS r ORDER BY r.ordinality`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const result = await client.query<Record<string, boolean>>(sql, [JSON.stringify(rows)]);
    return result.rows.map((row) => {
      const broken = constraints.findIndex((_, i) => row[`c${i}`] === false);
      return broken < 0 ? null : constraints[broken]!.name;
    });
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
