import type { Admin, ITopicConfig } from 'kafkajs';
import type pg from 'pg';
import type { WriteBehindConventions } from '../shared/profile';
import type { EntityDefinition } from './entities';

/** Quotes a Postgres identifier; schema names come from options and tests. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualifiedTable(schema: string, entity: EntityDefinition): string {
  return `${quoteIdent(schema)}.${quoteIdent(entity.table)}`;
}

/**
 * DDL of the demo tables. The CHECK constraints are deliberate: the load generator's
 * poison records violate them, which is how a permanent failure reaches the DLQ.
 */
export function demoTablesDdl(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.products (
       id text PRIMARY KEY,
       name text NOT NULL,
       price_cents int NOT NULL CHECK (price_cents >= 0),
       stock int,
       version bigint NOT NULL,
       updated_at timestamptz
     )`,
    `CREATE TABLE IF NOT EXISTS ${s}.users (
       id text PRIMARY KEY,
       email text NOT NULL CHECK (position('@' in email) > 1),
       name text NOT NULL,
       version bigint NOT NULL,
       updated_at timestamptz
     )`,
  ];
}

/**
 * Creates the schema and tables if missing. Concurrent `CREATE … IF NOT EXISTS` can still
 * collide in the catalog, so creators (run.ts, a flusher, a test) serialize on an advisory lock.
 */
export async function ensureDemoSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('cachescope-demo-schema'))");
    for (const statement of demoTablesDdl(schema)) await client.query(statement);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function dropDemoSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

export interface DemoTopicOptions {
  /** Queue partitions; keys spread over them, so several flushers can share the work. */
  queuePartitions?: number;
  dlqPartitions?: number;
}

export function demoTopicConfigs(
  conventions: Pick<WriteBehindConventions, 'queueTopic' | 'dlqTopic' | 'controlTopic'>,
  { queuePartitions = 3, dlqPartitions = 1 }: DemoTopicOptions = {},
): ITopicConfig[] {
  return [
    { topic: conventions.queueTopic, numPartitions: queuePartitions, replicationFactor: 1 },
    { topic: conventions.dlqTopic, numPartitions: dlqPartitions, replicationFactor: 1 },
    // One partition keeps commands and acks in one order; they matter only for minutes.
    {
      topic: conventions.controlTopic,
      numPartitions: 1,
      replicationFactor: 1,
      configEntries: [{ name: 'retention.ms', value: String(60 * 60 * 1000) }],
    },
  ];
}

/**
 * Creates the queue, DLQ and control topics if missing. `createTopics` answers false when
 * they all exist, and throws TOPIC_ALREADY_EXISTS in a race with another creator: both
 * mean the topics are there. Waiting for leaders makes the topics usable on return.
 */
export async function ensureDemoTopics(
  admin: Admin,
  conventions: Pick<WriteBehindConventions, 'queueTopic' | 'dlqTopic' | 'controlTopic'>,
  options: DemoTopicOptions = {},
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = demoTopicConfigs(conventions, options).filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  } catch (err) {
    if (!isTopicAlreadyExists(err)) throw err;
  }
}

function isTopicAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: Array<{ type?: string }> };
  if (e.type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS');
}

