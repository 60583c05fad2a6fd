import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { encodeEnvelope } from '../../../demo/envelope';
import { FlushAckSchema, type FlushCommand } from '../../../demo/flusher/controlMessages';
import { expectNoLeaks } from '../support/leaks';
import { groupLag, readTopic, startTestFlusher, usePipeline, waitFor } from './support';

const { names, kafka, admin, producer, pool } = usePipeline('flushcmd');

describe('control topic', () => {
  test('a flush command is acknowledged by every flusher and the lag reaches 0', async () => {
    await expectNoLeaks(async () => {
      // Batches that would otherwise wait a minute: only the command can flush them.
      const slow = { maxBatchSize: 10_000, lingerMs: 60_000 };
      const flushers = [await startTestFlusher(names, slow), await startTestFlusher(names, slow)];
      try {
        const messages = Array.from({ length: 60 }, (_, i) => ({
          key: `product:${i}`,
          value: encodeEnvelope({ op: 'upsert', entity: 'product', id: String(i), version: 1, data: { name: `n${i}`, price_cents: i }, producedAt: Date.now() }),
        }));
        await producer.send({ topic: names.topic, acks: -1, messages });
        await waitFor(() => flushers.reduce((n, f) => n + f.stats.received, 0) === 60, 20_000, 'both flushers to hold the records');
        expect(await groupLag(admin, names.group, names.topic)).toBe(60);

        const command: FlushCommand = { type: 'flush', requestId: randomUUID(), requestedBy: 'flushCommand.test', at: Date.now() };
        await producer.send({ topic: names.controlTopic, acks: -1, messages: [{ value: JSON.stringify(command) }] });

        const control = await readTopic(kafka, admin, names.controlTopic, {
          until: (m) => m.filter((x) => x.value?.includes('flush-ack')).length >= 2,
        });
        const acks = control.filter((m) => m.value?.includes('flush-ack')).map((m) => FlushAckSchema.parse(JSON.parse(m.value!)));
        expect(acks.map((a) => a.requestId)).toEqual([command.requestId, command.requestId]);
        expect(new Set(acks.map((a) => a.worker))).toEqual(new Set(flushers.map((f) => f.workerId)));
        expect(acks.reduce((n, a) => n + a.flushed, 0)).toBe(60);

        // The ack is sent after the offsets are committed: no waiting needed.
        expect(await groupLag(admin, names.group, names.topic)).toBe(0);
        const rows = await pool.query(`SELECT count(*)::int AS n FROM "${names.schema}".products`);
        expect(rows.rows[0].n).toBe(60);
      } finally {
        for (const flusher of flushers) expect(await flusher.stop()).toBe(true);
      }
    });
  });
});
