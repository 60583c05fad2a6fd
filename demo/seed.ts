import type pg from 'pg';
import { quoteIdent } from './schema';

/**
 * Gives the load generator rows to read: ids 1..keyCount in both tables, at version 0 so
 * that any queued write (whose version comes from the clock) supersedes them. Existing rows
 * are left alone, so seeding a running demo changes nothing.
 */
export async function seedDemoRows(pool: pg.Pool, schema: string, keyCount: number): Promise<void> {
  const s = quoteIdent(schema);
  await pool.query(
    `INSERT INTO ${s}.products (id, name, price_cents, stock, version, updated_at)
     SELECT g::text, 'Product ' || g, (random() * 10000)::int, (random() * 100)::int, 0, now()
     FROM generate_series(1, $1::int) AS g
     ON CONFLICT (id) DO NOTHING`,
    [keyCount],
  );
  await pool.query(
    `INSERT INTO ${s}.users (id, email, name, version, updated_at)
     SELECT g::text, 'user' || g || '@example.com', 'User ' || g, 0, now()
     FROM generate_series(1, $1::int) AS g
     ON CONFLICT (id) DO NOTHING`,
    [keyCount],
  );
}
