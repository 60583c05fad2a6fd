import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { Kafka } from 'kafkajs';
import { inject } from 'vitest';
import type { Core } from '../../../electron/main/core/core';
import { InvalidatePreviewSchema, InvalidateResultSchema } from '../../../shared/contracts/controls';
import { useThrowawayCluster } from '../support/clusterFixture';
import { askNode } from '../support/throwawayCluster';
import { ThrowawaySentinel } from '../support/throwawaySentinel';
import { testHome } from '../stats/support';
import { allKeys, runJob, scanSet } from './support';

describe('a Cluster', () => {
  const cluster = useThrowawayCluster({ masters: 3, openHome: testHome, openCore: true });

  test('a pattern deletes on every master exactly what SCAN MATCH returns there; named keys in many slots too', async () => {
    const { client, core } = cluster;
    const names = [...Array.from({ length: 3_000 }, (_, i) => `spread:${i}`), 'spread:*star', '{tag}spread:1', '{tag}spread:2', 'keep:1'];
    for (let at = 0; at < names.length; at += 500) await Promise.all(names.slice(at, at + 500).map((n) => client.set(n, n)));
    await client.set(Buffer.from('spread:\xff', 'latin1'), 'binary');
    const masters = client.nodes('master');
    const expected = new Set<string>();
    for (const master of masters) for (const hex of await scanSet(master, Buffer.from('spread:[1-2]*'))) expected.add(hex);
    const before = await allKeys(masters);

    const preview = InvalidatePreviewSchema.parse((await runJob(core, core.invoke('controls.previewInvalidate', { target: { by: 'pattern', pattern: 'spread:[1-2]*' } }))).result);
    expect(preview.matched).toBe(expected.size);
    const run = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'spread:[1-2]*' }, confirm: 'spread:[1-2]*' }));
    expect(InvalidateResultSchema.parse(run.result)).toMatchObject({ matched: expected.size, deleted: expected.size, unconfirmed: 0 });
    expect(await allKeys(masters)).toEqual(new Set([...before].filter((hex) => !expected.has(hex))));

    const keys = ['spread:0', 'spread:30', 'spread:*star', '{tag}spread:1', '{tag}spread:2', 'gone:1'].map((k) => Buffer.from(k).toString('hex'));
    const named = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'keys', keys } }));
    expect(InvalidateResultSchema.parse(named.result)).toMatchObject({ matched: 6, deleted: 5, alreadyGone: 1 });
    const exists = await Promise.all(['spread:0', 'spread:*star', '{tag}spread:1', 'keep:1'].map((k) => client.exists(k)));
    expect(exists).toEqual([0, 0, 0, 1]);

    const flush = await runJob(core, core.invoke('controls.flushCache', { scope: 'db', confirm: 'Under test' }));
    expect(flush.result).toMatchObject({ masters: 3 });
    expect((await allKeys(masters)).size).toBe(0);
  });
});

describe('Sentinel', () => {
  let sentinel: ThrowawaySentinel;
  let home: ReturnType<typeof testHome>;
  let core: Core;

  beforeAll(async () => {
    sentinel = await ThrowawaySentinel.start();
    home = testHome({ redis: { mode: 'sentinel', sentinels: sentinel.sentinels, sentinelMasterName: sentinel.masterName } });
    core = await home.core();
  }, 120_000);

  afterAll(async () => {
    await core?.dispose();
    await sentinel?.stop();
    home?.remove();
  });

  async function seedAndInvalidate(masterPort: number): Promise<void> {
    await askNode(masterPort, async (r) => {
      for (let i = 0; i < 50; i++) await r.set(`sent:${i}`, 'v');
      await r.set('sent-keep', 'v');
    });
    const run = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'sent:*' }, confirm: 'sent:*' }));
    expect(run.error).toBeNull();
    expect(InvalidateResultSchema.parse(run.result)).toMatchObject({ matched: 50, deleted: 50 });
    await askNode(masterPort, async (r) => {
      expect(await r.exists('sent:0', 'sent:49', 'sent-keep')).toBe(1);
    });
  }

  test('deletes through the current master, and again through the new one after SENTINEL FAILOVER', async () => {
    await seedAndInvalidate(sentinel.master.port);
    await askNode(sentinel.sentinelPort, (r) => r.call('SENTINEL', 'FAILOVER', sentinel.masterName));
    const promoted = `127.0.0.1:${sentinel.replica.port}`;
    await expect.poll(() => sentinel.currentMaster(), { timeout: 30_000 }).toBe(promoted);
    await expect
      .poll(() => askNode(sentinel.replica.port, async (r) => (await r.info('replication')).includes('role:master')), { timeout: 30_000 })
      .toBe(true);
    // ioredis follows the switch on its next reconnection: wait until the core talks to the new master.
    await expect
      .poll(async () => (await core.session().redis.getClient()).call('ROLE').then((role) => (role as unknown[])[0]).catch(() => null), { timeout: 30_000 })
      .toBe('master');
    await expect.poll(async () => ((await core.session().redis.getClient()) as Redis).stream?.remotePort, { timeout: 30_000 }).toBe(sentinel.replica.port);
    await seedAndInvalidate(sentinel.replica.port);
  });
});

describe('pending write-behind records', () => {
  const topic = `cachescope-invalidate-${process.pid}-${Date.now()}`;
  const endpoints = inject('endpoints');
  let kafka: Kafka;
  let home: ReturnType<typeof testHome>;
  let core: Core;
  let redis: Redis;

  beforeAll(async () => {
    kafka = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: 0 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 300 }, (_, i) => ({ key: `pend:${i % 60}`, value: '{}' }));
    await producer.send({ topic, messages: [...messages, { key: 'other:1', value: '{}' }] });
    await producer.disconnect();
    home = testHome({ writeBehind: { queueTopic: topic, flusherGroup: `${topic}-flusher` } });
    core = await home.core();
    redis = new Redis(endpoints.redisUrl);
    await redis.set('pend:1', 'v');
  }, 120_000);

  afterAll(async () => {
    await redis?.del('pend:1');
    redis?.disconnect();
    await core?.dispose();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    home?.remove();
  });

  test('the preview reads the uncommitted records and counts those whose key the pattern matches, bounded', async () => {
    const preview = InvalidatePreviewSchema.parse((await runJob(core, core.invoke('controls.previewInvalidate', { target: { by: 'pattern', pattern: 'pend:1*' } }))).result);
    // pend:1, pend:10…19: 11 keys of 60, each 5 times.
    expect(preview.pendingWrites).toMatchObject({ pendingRecords: 301, scannedRecords: 301, matchingRecords: 55, matchingKeys: 11, bounded: false, error: null });
    expect(preview.matched).toBeGreaterThanOrEqual(1);
    const bounded = InvalidatePreviewSchema.parse((await runJob(core, core.invoke('controls.previewInvalidate', { target: { by: 'keys', keys: [Buffer.from('pend:1').toString('hex')] }, pendingLimit: 30 }))).result);
    expect(bounded.matched).toBe(1);
    expect(bounded.pendingWrites.bounded).toBe(true);
    expect(bounded.pendingWrites.scannedRecords).toBe(30);
  });
});
