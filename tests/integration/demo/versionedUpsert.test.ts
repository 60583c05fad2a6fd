import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultBackoff } from '../../../demo/flusher/backoff';
import { PostgresBatchWriter } from '../../../demo/flusher/postgresBatchWriter';
import type { QueuedRecord } from '../../../demo/flusher/queuedRecord';
import { encodeEnvelope, type WriteEnvelope } from '../../../demo/envelope';
import { dropDemoSchema, ensureDemoSchema } from '../../../demo/schema';
import { endpoints, testPool, uniqueName } from './support';

const pool = testPool();
const schema = uniqueName('demo_versioned').toLowerCase();
let offset = 0;

function product(id: string, version: number, price = version * 100): WriteEnvelope {
  return { op: 'upsert', entity: 'product', id, version, data: { name: `p${id}v${version}`, price_cents: price, stock: version }, producedAt: 1_764_000_000_000 + version };
}

function removal(id: string, version: number): WriteEnvelope {
  return { op: 'delete', entity: 'product', id, version, producedAt: 1_764_000_000_000 + version };
}

function queued(envelope: WriteEnvelope): QueuedRecord {
  return {
    topic: 'cache.writes',
    partition: 0,
    offset: String(offset++),
    key: Buffer.from(`${envelope.entity}:${envelope.id}`),
    value: Buffer.from(encodeEnvelope(envelope)),
    headers: {},
  };
}

function writer(maxAttempts = 3) {
  return new PostgresBatchWriter({ pool, schema, maxAttempts, backoff: { ...defaultBackoff, baseMs: 5, maxMs: 20 } });
}

async function rows(): Promise<Record<string, { version: number; name: string }>> {
  const result = await pool.query(`SELECT id, version, name FROM "${schema}".products ORDER BY id`);
  return Object.fromEntries(result.rows.map((r) => [r.id, { version: Number(r.version), name: r.name }]));
}

beforeAll(() => ensureDemoSchema(pool, schema));
afterAll(async () => {
  await dropDemoSchema(pool, schema);
  await pool.end();
});

describe('versioned upserts', () => {
  test('out-of-order and duplicated records leave each row at its highest version', async () => {
    // Ten keys, versions 1..8 each, every record twice, shuffled into batches of assorted sizes.
    const envelopes = Array.from({ length: 10 }, (_, k) => Array.from({ length: 8 }, (_, v) => product(`k${k}`, v + 1))).flat();
    const shuffled = [...envelopes, ...envelopes].sort(() => Math.random() - 0.5);
    let start = 0;
    for (const size of [1, 7, 30, 2, 50, 70]) {
      const outcome = await writer().write(shuffled.slice(start, start + size).map(queued));
      expect(outcome.deadLetters).toEqual([]);
      start += size;
    }
    expect(start).toBe(shuffled.length);
    const stored = await rows();
    for (let k = 0; k < 10; k++) expect(stored[`k${k}`]).toEqual({ version: 8, name: `pk${k}v8` });

    // Replaying everything again (a redelivery after a crash) changes no row.
    const replay = await writer().write(shuffled.map(queued));
    expect(replay.rowsChanged).toBe(0);
    expect(await rows()).toEqual(stored);
  });

  test('a delete wins over older upserts, in the same batch or later, and loses to newer ones', async () => {
    await writer().write([product('d1', 3), removal('d1', 5), product('d1', 4)].map(queued));
    expect((await rows())['d1']).toBeUndefined();

    await writer().write([product('d2', 1)].map(queued));
    await writer().write([removal('d2', 2)].map(queued));
    await writer().write([removal('d2', 2)].map(queued)); // duplicate delete: a no-op
    expect((await rows())['d2']).toBeUndefined();

    await writer().write([product('d3', 10), removal('d3', 7)].map(queued));
    expect((await rows())['d3']).toEqual({ version: 10, name: 'pd3v10' });
  });

  test('a poison record is dead-lettered alone; the rest of its batch commits', async () => {
    const batch = [product('p1', 1), product('p2', 1, -1), product('p3', 1), product('p1', 2), product('p4', 1, -5)].map(queued);
    const outcome = await writer().write(batch);
    expect(outcome.deadLetters.map((d) => d.record.offset)).toEqual([batch[1]!.offset, batch[4]!.offset]);
    for (const letter of outcome.deadLetters) {
      expect(letter).toMatchObject({ kind: 'permanent', attempts: 1 });
      expect(letter.error).toMatch(/^23514: .*products_price_cents_check/);
    }
    const stored = await rows();
    expect(stored['p1']?.version).toBe(2);
    expect(stored['p3']?.version).toBe(1);
    expect(stored['p2']).toBeUndefined();
  });

  test('a record that keeps failing transiently is retried, then dead-lettered as transient', async () => {
    await writer().write([product('locked', 1)].map(queued));
    // Another session holds the row; the flusher's lock_timeout turns the wait into 55P03.
    const holder = await pool.connect();
    const impatientPool = new pg.Pool({ connectionString: endpoints().databaseUrl, max: 1, lock_timeout: 100 });
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "${schema}".products WHERE id = 'locked' FOR UPDATE`);
      const impatient = new PostgresBatchWriter({ pool: impatientPool, schema, maxAttempts: 3, backoff: { ...defaultBackoff, baseMs: 5, maxMs: 20 } });
      const outcome = await impatient.write([product('free1', 1), product('locked', 2), product('free2', 1)].map(queued));
      expect(outcome.deadLetters).toHaveLength(1);
      expect(outcome.deadLetters[0]).toMatchObject({ kind: 'transient', attempts: 3 });
      expect(outcome.deadLetters[0]!.error).toMatch(/^55P03/);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      await impatientPool.end();
    }
    const stored = await rows();
    expect(stored['free1']?.version).toBe(1);
    expect(stored['free2']?.version).toBe(1);
    expect(stored['locked']?.version).toBe(1);
  });

  test('bad JSON, unknown entities and envelope errors are permanent without touching Postgres', async () => {
    const bad: QueuedRecord[] = [
      { topic: 't', partition: 0, offset: '1', key: Buffer.from('product:x'), value: Buffer.from('{oops'), headers: {} },
      { topic: 't', partition: 0, offset: '2', key: Buffer.from('gadget:1'), value: Buffer.from(encodeEnvelope({ ...product('1', 1), entity: 'gadget' })), headers: {} },
      { topic: 't', partition: 0, offset: '3', key: Buffer.from('product:9'), value: Buffer.from(encodeEnvelope(product('8', 1))), headers: {} },
    ];
    const outcome = await writer().write(bad);
    expect(outcome.deadLetters.map((d) => [d.kind, d.error.split(':')[0]])).toEqual([
      ['permanent', 'value is not JSON'],
      ['permanent', 'unknown entity "gadget"'],
      ['permanent', 'record key "product'],
    ]);
  });
});
