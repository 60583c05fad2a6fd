import { describe, expect, test } from 'vitest';
import { encodeEnvelope } from '../../../demo/envelope';
import { expectNoLeaks } from '../support/leaks';
import { freePort } from '../support/throwawayRedis';
import { endpoints, groupLag, startTestFlusher, usePipeline, waitFor } from './support';

const { names, admin, producer } = usePipeline('outage');

describe('Postgres unreachable', () => {
  test('the flusher retries instead of dead-lettering, commits nothing, and says so when stopped', async () => {
    const deadPort = await freePort();
    await expectNoLeaks(async () => {
      const log: string[] = [];
      const flusher = await startTestFlusher(names, {
        endpoints: { ...endpoints(), databaseUrl: `postgres://postgres@127.0.0.1:${deadPort}/postgres` },
        log: (line) => log.push(line),
      });
      await producer.send({
        topic: names.topic,
        acks: -1,
        messages: [{ key: 'product:1', value: encodeEnvelope({ op: 'upsert', entity: 'product', id: '1', version: 1, data: { name: 'a', price_cents: 1 }, producedAt: Date.now() }) }],
      });
      await waitFor(() => log.filter((l) => /ECONNREFUSED.*retrying/.test(l)).length >= 3, 20_000, 'three retries');
      expect(flusher.stats).toMatchObject({ received: 1, handled: 0, deadLettered: 0 });
      expect(await groupLag(admin, names.group, names.topic)).toBe(1);
      // The batch cannot be written: the stop gives up at its deadline and reports it.
      expect(await flusher.stop(1_000)).toBe(false);
      expect(await groupLag(admin, names.group, names.topic)).toBe(1);
    });
    const dlq = await admin.fetchTopicOffsets(names.dlqTopic);
    expect(dlq.map((p) => p.high)).toEqual(['0']);
  });
});
