import { describe, expect, test } from 'vitest';
import { encodeEnvelope, type WriteEnvelope } from '../../../demo/envelope';
import { readTopic, startTestFlusher, usePipeline } from '../demo/support';
import { conventionsOf, startCore } from '../writeBehind/support';

const { names, kafka, admin, producer } = usePipeline('dlqpoison');

function upsert(id: string, price: number, version: number): WriteEnvelope {
  return { op: 'upsert', entity: 'product', id, version, data: { name: `n${id}`, price_cents: price, stock: 0 }, producedAt: Date.now() };
}

describe('the demo pipeline in the DLQ browser', () => {
  test("the flusher's poison records are listed, grouped and shown beside the row Postgres kept", async () => {
    const records = [
      { key: 'product:1', value: encodeEnvelope(upsert('1', 100, 1)) },
      { key: 'product:1', value: encodeEnvelope(upsert('1', -5, 2)) },
      { key: 'product:2', value: encodeEnvelope(upsert('2', -7, 1)) },
      { key: 'product:3', value: '{"op":"upsert",' },
    ];
    await producer.send({ topic: names.topic, acks: -1, messages: records.map((r) => ({ ...r, partition: 0 })) });
    const flusher = await startTestFlusher(names);
    try {
      await readTopic(kafka, admin, names.dlqTopic, { count: 3 });
    } finally {
      expect(await flusher.stop()).toBe(true);
    }

    const namespaces = [{ keyPattern: 'product:{id}', table: `${names.schema}.products`, keyColumn: 'id', versionColumn: 'version' }];
    const { core, dispose } = await startCore({ ...conventionsOf(names), replayGroup: `${names.group}-replay` }, {}, { namespaces });
    try {
      const page = await core.invoke('deadLetters.list', { order: 'oldest' });
      expect(page.rows.map((r) => [r.key?.display, r.origin.errorKind, r.origin.originalOffset, r.pending])).toEqual([
        ['product:1', 'permanent', '1', true],
        ['product:2', 'permanent', '2', true],
        ['product:3', 'permanent', '3', true],
      ]);
      expect(page.rows[0]!.origin).toMatchObject({ convention: 'cachescope', originalTopic: names.topic, originalPartition: 0, error: expect.stringMatching(/^23514: .*price_cents_check/) });

      const groups = await core.invoke('deadLetters.groups', {});
      expect(groups.groups.map((g) => [g.errorKind, g.count])).toEqual([
        ['permanent', 2],
        ['permanent', 1],
      ]);
      expect(groups.groups[0]!.pattern).toMatch(/^23514: .*"products_price_cents_check"/);

      const detail = await core.invoke('deadLetters.get', { partition: page.rows[0]!.partition, offset: page.rows[0]!.offset });
      expect(detail.envelope).toEqual({ op: 'upsert', entity: 'product', id: '1', version: 2 });
      expect(detail.current).toMatchObject({ id: '1', row: { id: '1', price_cents: 100, version: '1' } });
      const cut = await core.invoke('deadLetters.get', { partition: page.rows[2]!.partition, offset: page.rows[2]!.offset });
      expect(cut).toMatchObject({ value: { format: 'text', text: '{"op":"upsert",' }, envelope: null });
    } finally {
      await dispose();
    }
  });
});
