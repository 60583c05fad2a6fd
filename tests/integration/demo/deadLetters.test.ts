import { describe, expect, test } from 'vitest';
import { encodeEnvelope, type WriteEnvelope } from '../../../demo/envelope';
import { expectNoLeaks } from '../support/leaks';
import { groupLag, readTopic, startTestFlusher, usePipeline, waitFor } from './support';

const { names, kafka, admin, producer, pool } = usePipeline('dlq');

function upsert(id: string, price: number, version = 1): WriteEnvelope {
  return { op: 'upsert', entity: 'product', id, version, data: { name: `n${id}`, price_cents: price, stock: 0 }, producedAt: Date.now() };
}

describe('dead letters', () => {
  test('poison records end in the DLQ with their headers; later records of the partition persist', async () => {
    await expectNoLeaks(async () => {
      // All on partition 0, in this order: the good records after each poison one must persist.
      const records = [
        { key: 'product:1', value: encodeEnvelope(upsert('1', 100)) },
        { key: 'product:2', value: encodeEnvelope(upsert('2', -1)), headers: { 'trace-id': 'abc' } },
        { key: 'product:3', value: encodeEnvelope(upsert('3', 300)) },
        { key: 'product:4', value: '{"op":"upsert",' },
        { key: 'gizmo:5', value: encodeEnvelope({ ...upsert('5', 1), entity: 'gizmo' }) },
        { key: 'product:6', value: encodeEnvelope(upsert('6', 600)) },
      ];
      await producer.send({ topic: names.topic, acks: -1, messages: records.map((r) => ({ ...r, partition: 0 })) });

      const flusher = await startTestFlusher(names);
      try {
        const dead = await readTopic(kafka, admin, names.dlqTopic, { count: 3 });
        expect(dead.map((m) => m.key)).toEqual(['product:2', 'product:4', 'gizmo:5']);
        expect(dead.map((m) => m.value)).toEqual([records[1]!.value, records[3]!.value, records[4]!.value]);

        const [poison, badJson, unknown] = dead;
        expect(poison!.headers).toMatchObject({
          'x-error-kind': 'permanent',
          'x-attempts': '1',
          'x-original-topic': names.topic,
          'x-original-partition': '0',
          'x-original-offset': '1',
          'trace-id': 'abc',
        });
        expect(poison!.headers['x-error']).toMatch(/^23514: .*price_cents_check/);
        expect(new Date(poison!.headers['x-failed-at']!).getTime()).toBeGreaterThan(Date.now() - 60_000);
        expect(badJson!.headers).toMatchObject({ 'x-error-kind': 'permanent', 'x-original-offset': '3' });
        expect(badJson!.headers['x-error']).toMatch(/not JSON/);
        expect(unknown!.headers['x-error']).toMatch(/unknown entity "gizmo"/);

        await waitFor(async () => (await groupLag(admin, names.group, names.topic)) === 0, 20_000, 'lag 0');
        const rows = await pool.query(`SELECT id FROM "${names.schema}".products ORDER BY id`);
        expect(rows.rows.map((r) => r.id)).toEqual(['1', '3', '6']);
        expect(flusher.stats).toMatchObject({ received: 6, handled: 6, deadLettered: 3 });
      } finally {
        expect(await flusher.stop()).toBe(true);
      }
    });
  });
});
