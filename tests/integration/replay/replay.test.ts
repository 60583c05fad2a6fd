import { afterAll, describe, expect, test } from 'vitest';
import type { ReplayPreview, ReplayResult } from '../../../shared/contracts/replay';
import { ensureDemoSchema, dropDemoSchema } from '../../../demo/schema';
import { auditRecords } from '../controls/support';
import { readTopic, testPool } from '../demo/support';
import { expectNoLeaks } from '../support/leaks';
import { cachescopeHeaders, createTopics, cursorOf, envelope, removeKafkaNames, replayHome, replayNames, replayProfile, runJob, useKafka } from './support';

const { kafka, admin, producer } = useKafka();
const pool = testPool();
afterAll(() => pool.end());

describe('replay and park against a DLQ written by hand', () => {
  test('superseded records are skipped and listed; a second replay replays nothing; the audit has counts and ranges', async () => {
    const names = replayNames('superseded');
    const home = replayHome({ main: replayProfile(names) });
    await createTopics(admin, [names.queueTopic, names.dlqTopic]);
    await ensureDemoSchema(pool, names.schema);
    try {
      await expectNoLeaks(async () => {
        await pool.query(`INSERT INTO "${names.schema}".products (id, name, price_cents, version) VALUES ('s1', 'row', 1, 10), ('s2', 'row', 1, 10)`);
        await producer.send({
          topic: names.dlqTopic,
          acks: -1,
          messages: [
            { key: 'product:s1', value: envelope('s1', 5, 100), headers: cachescopeHeaders(names.queueTopic, 0, 0) },
            { key: 'product:s2', value: envelope('s2', 20, 200), headers: cachescopeHeaders(names.queueTopic, 0, 1) },
            { key: 'product:s3', value: envelope('s3', 1, 300), headers: cachescopeHeaders(names.queueTopic, 0, 2) },
            { key: 'product:s1', value: envelope('s1', 10, 100), headers: cachescopeHeaders(names.queueTopic, 0, 3) },
          ],
        });
        const core = await home.core();
        try {
          const dry = await runJob(core, core.invoke('deadLetters.previewReplay', { target: { by: 'pending' } }));
          expect(dry.state).toBe('succeeded');
          const preview = dry.result as ReplayPreview;
          expect(preview).toMatchObject({ matched: 4, wouldReplay: 2, superseded: 2, alreadyHandled: 0, byTopic: { [names.queueTopic]: 2 } });
          expect(preview.supersededRecords.map((r) => [r.offset, r.key.display, r.version, r.rowVersion])).toEqual([
            [0, 'product:s1', '5', '10'],
            [3, 'product:s1', '10', '10'],
          ]);
          expect(preview.confirmation.required).toBe(false);
          expect(await cursorOf(admin, names)).toEqual([-1]);

          const run = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' } }));
          expect(run.state).toBe('succeeded');
          const result = run.result as ReplayResult;
          expect(result).toMatchObject({ matched: 4, replayed: 2, superseded: 2, parked: 0, failed: 0, ranges: [{ partition: 0, from: 0, to: 3 }], cursor: [{ partition: 0, before: 0, after: 4 }] });
          expect(await cursorOf(admin, names)).toEqual([4]);

          const replayed = await readTopic(kafka, admin, names.queueTopic, { count: 2 });
          expect(replayed.map((m) => [m.key, m.headers['x-replay-of']])).toEqual([
            ['product:s2', `${names.dlqTopic}/0/1`],
            ['product:s3', `${names.dlqTopic}/0/2`],
          ]);
          expect(replayed[0]!.value).toBe(envelope('s2', 20, 200).replace(/"producedAt":\d+/, replayed[0]!.value!.match(/"producedAt":\d+/)![0]));
          expect(replayed[0]!.headers['x-error']).toBeUndefined();
          expect(Date.parse(replayed[0]!.headers['x-replayed-at']!)).toBeGreaterThan(Date.now() - 60_000);

          const again = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' } }));
          expect(again.result).toMatchObject({ matched: 0, replayed: 0, superseded: 0 });

          const audit = auditRecords(home.home).filter((r) => r.action === 'deadLetters.replay');
          expect(audit.map((r) => r.outcome)).toEqual(['ok', 'ok']);
          expect(audit[0]!.counts).toMatchObject({ matched: 4, replayed: 2, superseded: 2, failed: 0 });
          expect(audit[0]!.parameters).toMatchObject({ target: 'pending', ranges: ['0:0-3'] });
        } finally {
          await core.dispose();
        }
      });
    } finally {
      await removeKafkaNames(admin, names);
      await dropDemoSchema(pool, names.schema);
      home.remove();
    }
  });
});
