import { afterAll, describe, expect, test } from 'vitest';
import type { ReplayPreview, ReplayResult } from '../../../shared/contracts/replay';
import { auditRecords } from '../controls/support';
import { readTopic, testPool } from '../demo/support';
import { expectNoLeaks } from '../support/leaks';
import { waitFor } from '../support/waitFor';
import { cachescopeHeaders, cursorOf, envelope, replayNames, replayProfile, runJob, useKafka, withOwnDlq } from './support';

const clients = useKafka();
const pool = testPool();
afterAll(() => pool.end());

describe('replay and park against a DLQ written by hand', () => {
  test('superseded records are skipped and listed; a second replay replays nothing; the audit has counts and ranges', async () => {
    const { kafka, admin, producer } = clients;
    const names = replayNames('superseded');
    await withOwnDlq(admin, names, { profiles: { main: replayProfile(names) }, schemaIn: pool }, async (home) => {
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
    });
  });

  test('Spring (binary int headers) and Connect (text headers) records go back to their original topics', async () => {
    const { kafka, admin, producer } = clients;
    const names = replayNames('frameworks');
    const springTopic = `${names.queueTopic}.spring`;
    const connectTopic = `${names.queueTopic}.connect`;
    await withOwnDlq(admin, names, { profiles: { main: replayProfile(names, { namespaces: [] }) }, extraTopics: [springTopic, connectTopic] }, async (home) => {
      const int32 = Buffer.alloc(4);
      int32.writeInt32BE(2);
      const int64 = Buffer.alloc(8);
      int64.writeBigInt64BE(41n);
      await producer.send({
        topic: names.dlqTopic,
        acks: -1,
        messages: [
          { key: 'order:1', value: '{"spring":true}', headers: { 'kafka_dlt-original-topic': springTopic, 'kafka_dlt-original-partition': int32, 'kafka_dlt-original-offset': int64, 'kafka_dlt-exception-message': 'boom', 'trace-id': 't1' } },
          { key: 'order:2', value: Buffer.from([0xff, 0x00, 0x01]), headers: { '__connect.errors.topic': connectTopic, '__connect.errors.partition': '0', '__connect.errors.offset': '7', '__connect.errors.exception.message': 'bad' } },
          { key: 'order:3', value: 'no headers at all' },
        ],
      });
      const core = await home.core();
      try {
        const dry = await runJob(core, core.invoke('deadLetters.previewReplay', { target: { by: 'pending' } }));
        expect(dry.result).toMatchObject({ matched: 3, wouldReplay: 3, byTopic: { [springTopic]: 1, [connectTopic]: 1, [names.queueTopic]: 1 } });
        const run = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' } }));
        expect(run.result).toMatchObject({ replayed: 3, failed: 0 });
      } finally {
        await core.dispose();
      }
      const [spring] = await readTopic(kafka, admin, springTopic, { count: 1 });
      expect(spring).toMatchObject({ key: 'order:1', value: '{"spring":true}' });
      expect(spring!.headers).toMatchObject({ 'trace-id': 't1', 'x-replay-of': `${names.dlqTopic}/0/0` });
      expect(Object.keys(spring!.headers).filter((h) => h.startsWith('kafka_dlt-'))).toEqual([]);
      const connect = await readTopic(kafka, admin, connectTopic, { count: 1 });
      expect(connect[0]!.headers['x-replay-of']).toBe(`${names.dlqTopic}/0/1`);
      const fallback = await readTopic(kafka, admin, names.queueTopic, { count: 1 });
      expect(fallback[0]).toMatchObject({ key: 'order:3', value: 'no headers at all' });
    });
  });

  test('a selection that is not a prefix goes to the ledger, and a later replay of everything skips it', async () => {
    const { kafka, admin, producer } = clients;
    const names = replayNames('selection');
    await withOwnDlq(admin, names, { profiles: { main: replayProfile(names, { namespaces: [] }) } }, async (home) => {
      await producer.send({ topic: names.dlqTopic, acks: -1, messages: [0, 1, 2, 3, 4, 5].map((i) => ({ key: `k:${i}`, value: `v${i}`, headers: cachescopeHeaders(names.queueTopic, 0, i) })) });
      const core = await home.core();
      try {
        const selection = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'offsets', ranges: [{ partition: 0, from: 2, to: 3 }] } }));
        expect(selection.result).toMatchObject({ matched: 2, replayed: 2, ranges: [{ partition: 0, from: 2, to: 3 }], cursor: [{ partition: 0, before: 0, after: 0 }] });
        expect(await cursorOf(admin, names)).toEqual([-1]);

        const dry = await runJob(core, core.invoke('deadLetters.previewReplay', { target: { by: 'pending' } }));
        expect(dry.result).toMatchObject({ matched: 6, wouldReplay: 4, alreadyHandled: 2 });
        // The browser asks the same cursor: the ledgered records are no longer pending.
        const pending = await core.invoke('deadLetters.list', { order: 'oldest' });
        expect(pending.rows.map((r) => r.offset)).toEqual(['0', '1', '4', '5']);
        const everything = await core.invoke('deadLetters.list', { order: 'oldest', pendingOnly: false });
        expect(everything.rows.map((r) => [r.offset, r.pending])).toEqual([['0', true], ['1', true], ['2', false], ['3', false], ['4', true], ['5', true]]);

        // A filter on key k:5 only: it is past pending records, so it goes to the ledger too.
        const filtered = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'filter', filter: { keyPattern: 'k:5' } } }));
        expect(filtered.result).toMatchObject({ matched: 1, replayed: 1 });

        const all = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' } }));
        expect(all.result).toMatchObject({ matched: 6, replayed: 3, alreadyHandled: 3, cursor: [{ partition: 0, before: 0, after: 6 }] });
        expect(await cursorOf(admin, names)).toEqual([6]);
      } finally {
        await core.dispose();
      }
      const replayed = await readTopic(kafka, admin, names.queueTopic, { count: 6 });
      expect(replayed.map((m) => m.key).sort()).toEqual(['k:0', 'k:1', 'k:2', 'k:3', 'k:4', 'k:5']);
      // The ledger's runs below the cursor got tombstones.
      const ledger = await readTopic(kafka, admin, `${names.dlqTopic}.replayed`, { count: 4 });
      expect(ledger.filter((m) => m.value === null).map((m) => m.key).sort()).toEqual(['0/2-3', '0/5-5']);
    });
  });

  test('park moves records to <dlq>.parked with the reason and advances the cursor; a read-only profile refuses both', async () => {
    const { kafka, admin, producer } = clients;
    const names = replayNames('park');
    await withOwnDlq(admin, names, { profiles: { main: replayProfile(names, { namespaces: [] }), prod: replayProfile(names, { environment: 'production' }) } }, async (home) => {
      await producer.send({ topic: names.dlqTopic, acks: -1, messages: [0, 1, 2].map((i) => ({ key: `p:${i}`, value: `v${i}`, headers: { ...cachescopeHeaders(names.queueTopic, 0, i), 'trace-id': `t${i}` } })) });
      const prod = await home.core('prod');
      try {
        for (const started of [prod.invoke('deadLetters.replay', { target: { by: 'pending' } }), prod.invoke('deadLetters.park', { target: { by: 'pending' }, reason: 'no' })]) {
          await expect(started).rejects.toMatchObject({ code: 'READ_ONLY' });
        }
        // The dry run is read-only: allowed.
        expect((await runJob(prod, prod.invoke('deadLetters.previewReplay', { target: { by: 'pending' }, action: 'park' }))).result).toMatchObject({ matched: 3, wouldReplay: 3, byTopic: { [`${names.dlqTopic}.parked`]: 3 } });
      } finally {
        await prod.dispose();
      }
      expect(await cursorOf(admin, names)).toEqual([-1]);
      const refusals = auditRecords(home.home).filter((r) => r.outcome === 'refused');
      expect(refusals.map((r) => [r.action, r.error?.code])).toEqual([
        ['deadLetters.replay', 'READ_ONLY'],
        ['deadLetters.park', 'READ_ONLY'],
      ]);

      const core = await home.core();
      try {
        const parked = await runJob(core, core.invoke('deadLetters.park', { target: { by: 'offsets', ranges: [{ partition: 0, from: 0, to: 1 }] }, reason: 'bad data from the 2pm deploy' }));
        expect(parked.result).toMatchObject({ matched: 2, parked: 2, replayed: 0, cursor: [{ partition: 0, before: 0, after: 2 }] });
        expect(await cursorOf(admin, names)).toEqual([2]);
      } finally {
        await core.dispose();
      }
      const moved = await readTopic(kafka, admin, `${names.dlqTopic}.parked`, { count: 2 });
      expect(moved.map((m) => m.key).sort()).toEqual(['p:0', 'p:1']);
      for (const m of moved) {
        expect(m.headers).toMatchObject({ 'x-parked-reason': 'bad data from the 2pm deploy', 'x-error-kind': 'permanent', 'x-original-topic': names.queueTopic });
        expect(m.headers['x-parked-from']).toMatch(new RegExp(`^${names.dlqTopic.replaceAll('.', '\\.')}/0/[01]$`));
        expect(Date.parse(m.headers['x-parked-at']!)).toBeGreaterThan(Date.now() - 60_000);
      }
      const audit = auditRecords(home.home).filter((r) => r.action === 'deadLetters.park' && r.outcome === 'ok');
      expect(audit[0]).toMatchObject({ counts: { parked: 2 }, parameters: { reason: 'bad data from the 2pm deploy', ranges: ['0:0-1'] } });
    });
  });

  test('above the confirmation limit an unconfirmed replay counts, refuses and produces nothing; a missing topic fails only its records', async () => {
    const { admin, producer } = clients;
    const names = replayNames('confirm');
    await withOwnDlq(admin, names, { profiles: { main: replayProfile(names, { namespaces: [], controls: { confirmAbove: 2 } }) } }, async (home) => {
      await producer.send({
        topic: names.dlqTopic,
        acks: -1,
        messages: [
          { key: 'c:0', value: 'v0', headers: cachescopeHeaders(names.queueTopic, 0, 0) },
          { key: 'c:1', value: 'v1', headers: cachescopeHeaders(`${names.queueTopic}.gone`, 0, 1) },
          { key: 'c:2', value: 'v2', headers: cachescopeHeaders(names.queueTopic, 0, 2) },
        ],
      });
      const core = await home.core();
      try {
        const dry = await runJob(core, core.invoke('deadLetters.previewReplay', { target: { by: 'pending' } }));
        expect(dry.result).toMatchObject({ matched: 3, wouldReplay: 2, byTopic: { [names.queueTopic]: 2 }, missingTopics: { [`${names.queueTopic}.gone`]: 1 } });
        expect((dry.result as ReplayPreview).confirmation).toMatchObject({ required: true, text: 'Replay main' });
        const refused = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' } }));
        expect(refused).toMatchObject({ state: 'failed', error: { code: 'CONFIRMATION_REQUIRED' } });
        expect(await cursorOf(admin, names)).toEqual([-1]);

        const run = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' }, confirm: 'Replay main' }));
        const result = run.result as ReplayResult;
        expect(result).toMatchObject({ matched: 3, replayed: 2, failed: 1, cursor: [{ partition: 0, before: 0, after: 1 }] });
        expect(result.failures).toEqual([{ partition: 0, offset: 1, error: `topic "${names.queueTopic}.gone" does not exist` }]);
        // The failed record blocks the cursor; the one after it is in the ledger.
        const again = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' }, confirm: 'Replay main' }));
        expect(again.result).toMatchObject({ matched: 2, replayed: 0, alreadyHandled: 1, failed: 1 });
      } finally {
        await core.dispose();
      }
      const outcomes = auditRecords(home.home).map((r) => [r.action, r.outcome]);
      expect(outcomes).toEqual([
        ['deadLetters.replay', 'refused'],
        ['deadLetters.replay', 'ok'],
        ['deadLetters.replay', 'ok'],
      ]);
    });
  });

  test('the dry run can evaluate the records against the table\'s CHECK constraints, read-only', async () => {
    const { admin, producer } = clients;
    const names = replayNames('constraints');
    await withOwnDlq(admin, names, { profiles: { main: replayProfile(names) }, schemaIn: pool }, async (home) => {
      await producer.send({
        topic: names.dlqTopic,
        acks: -1,
        messages: [
          { key: 'product:k1', value: envelope('k1', 1, -5), headers: cachescopeHeaders(names.queueTopic, 0, 0) },
          { key: 'product:k2', value: envelope('k2', 1, 5), headers: cachescopeHeaders(names.queueTopic, 0, 1) },
          { key: 'product:k3', value: 'not an envelope', headers: cachescopeHeaders(names.queueTopic, 0, 2) },
        ],
      });
      const core = await home.core();
      try {
        const dry = await runJob(core, core.invoke('deadLetters.previewReplay', { target: { by: 'pending' }, checkConstraints: true }));
        const preview = dry.result as ReplayPreview;
        expect(preview.constraints).toMatchObject({ checked: 2, violating: 1, unchecked: 1 });
        expect(preview.constraints!.violations).toEqual([{ partition: 0, offset: 0, key: { display: 'product:k1', hex: Buffer.from('product:k1').toString('hex') }, table: `${names.schema}.products`, constraint: 'products_price_cents_check' }]);
        expect((await pool.query(`SELECT count(*)::int AS n FROM "${names.schema}".products`)).rows[0].n).toBe(0);
      } finally {
        await core.dispose();
      }
    });
  });

  test('a cancelled replay stops within a chunk: its counts, the cursor and the queue agree, and the audit says cancelled', async () => {
    const { kafka, admin, producer } = clients;
    const names = replayNames('cancel');
    await withOwnDlq(admin, names, { profiles: { main: replayProfile(names, { namespaces: [] }) } }, async (home) => {
      await producer.send({ topic: names.dlqTopic, acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ key: `x:${i}`, value: `v${i}`, headers: cachescopeHeaders(names.queueTopic, 0, i) })) });
      const core = await home.core();
      try {
        const started = await core.invoke('deadLetters.replay', { target: { by: 'pending' }, ratePerSec: 4 });
        await expect(core.invoke('deadLetters.park', { target: { by: 'pending' }, reason: 'at the same time' })).rejects.toMatchObject({ code: 'BUSY' });
        await waitFor('a first chunk replayed', async () => Number((await admin.fetchTopicOffsets(names.queueTopic))[0]!.high) >= 4);
        const cancelled = await core.invoke('job.cancel', { id: started.id });
        expect(cancelled.state).toBe('cancelled');
        const result = cancelled.result as ReplayResult;
        expect(result.replayed).toBeGreaterThanOrEqual(4);
        expect(result.replayed).toBeLessThan(40);
        expect(await cursorOf(admin, names)).toEqual([result.replayed]);
        const replayed = await readTopic(kafka, admin, names.queueTopic, { count: result.replayed });
        expect(replayed.length).toBe(result.replayed);
        const rest = await runJob(core, core.invoke('deadLetters.replay', { target: { by: 'pending' } }));
        expect(rest.result).toMatchObject({ replayed: 40 - result.replayed });
      } finally {
        await core.dispose();
      }
      expect(auditRecords(home.home).map((r) => [r.action, r.outcome])).toEqual([
        ['deadLetters.park', 'refused'],
        ['deadLetters.replay', 'cancelled'],
        ['deadLetters.replay', 'ok'],
      ]);
    });
  });
});
