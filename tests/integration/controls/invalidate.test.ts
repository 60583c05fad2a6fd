import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import type { Core } from '../../../electron/main/core/core';
import { redisGlobMatches } from '../../../electron/main/core/analysis/redisGlob';
import { InvalidatePreviewSchema, InvalidateResultSchema, type InvalidateTarget } from '../../../shared/contracts/controls';
import { AppError } from '../../../shared/errors';
import { keyNameToHex } from '../../../shared/keyName';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { testHome } from '../stats/support';
import { allKeys, auditRecords, runJob, scanSet } from './support';

let server: ThrowawayRedis;
let redis: Redis;
let core: Core;
let home: ReturnType<typeof testHome>;

beforeAll(async () => {
  server = new ThrowawayRedis(await freePort(), ['--enable-debug-command', 'yes']);
  await server.start();
  redis = new Redis(server.url);
  home = testHome({ redis: { url: server.url }, environment: 'development', controls: { confirmAbove: 5 } });
  core = await home.core();
});

afterAll(async () => {
  await core?.dispose();
  redis?.disconnect();
  await server?.kill();
  home?.remove();
});

const adversarial: Buffer[] = [
  Buffer.from([0x61, 0x64, 0x76, 0x3a, 0xff, 0x00, 0x2a, 0xfe]),
  Buffer.from('adv:star*name'),
  Buffer.from('adv:starXname'),
  Buffer.from('adv:q?mark'),
  Buffer.from('adv:[br]acket'),
  Buffer.from('adv:back\\slash'),
  Buffer.from('adv:]close'),
  Buffer.from('adv:ünïcødé:商品:😀'),
  Buffer.from('adv:line\nbreak\r\n'),
  Buffer.from(`adv:long:${'n'.repeat(10_000)}`),
  Buffer.from('adv:a'),
  Buffer.from('adv:b'),
  Buffer.from('adv:-'),
  Buffer.from('adv:^'),
  Buffer.from('adv:'),
  Buffer.from('adv'),
  ...Array.from({ length: 150 }, (_, i) => Buffer.from(`adv:n:${i}`)),
  ...Array.from({ length: 100 }, (_, i) => Buffer.from(`other:${i}`)),
];

const patterns: InvalidateTarget[] = [
  { by: 'pattern', pattern: 'adv:*' },
  { by: 'pattern', pattern: 'adv:star\\*name' },
  { by: 'pattern', pattern: 'adv:*\\**' },
  { by: 'pattern', pattern: 'adv:?' },
  { by: 'pattern', pattern: 'adv:[a-c]' },
  { by: 'pattern', pattern: 'adv:[^a-c]' },
  { by: 'pattern', pattern: 'adv:\\[br\\]*' },
  { by: 'pattern', pattern: 'adv:*\\\\*' },
  { by: 'pattern', pattern: 'adv:[\\]]*' },
  { by: 'pattern', pattern: 'adv:[' },
  { by: 'pattern', pattern: 'adv:[\\^-]' },
  { by: 'pattern', pattern: 'adv:ü*' },
  { by: 'pattern', pattern: 'adv:line\n*' },
  { by: 'pattern', pattern: 'adv:n:1*' },
  { by: 'pattern', pattern: keyNameToHex(Buffer.from([0x61, 0x64, 0x76, 0x3a, 0xff, 0x2a])), hex: true },
];

async function seed(): Promise<void> {
  await redis.flushall();
  const pipeline = redis.pipeline();
  for (const [i, key] of adversarial.entries()) pipeline.set(key, `value ${i}`);
  await pipeline.exec();
}

const patternBytes = (target: InvalidateTarget & { by: 'pattern' }) => (target.hex ? Buffer.from(target.pattern, 'hex') : Buffer.from(target.pattern));

describe('by pattern, on adversarial names', () => {
  beforeEach(seed);

  test.each(patterns.map((p) => [JSON.stringify(p.by === 'pattern' ? p.pattern : ''), p] as const))(
    '%s: the dry run deletes nothing and counts SCAN MATCH’s set; the run deletes exactly that set',
    async (_, target) => {
      const pattern = patternBytes(target as InvalidateTarget & { by: 'pattern' });
      const expected = await scanSet(redis, pattern);
      const before = await allKeys([redis]);
      // The matcher used for pending writes agrees with the server on every key.
      for (const key of adversarial) expect(redisGlobMatches(pattern, key), key.toString('hex')).toBe(expected.has(key.toString('hex')));

      const preview = await runJob(core, core.invoke('controls.previewInvalidate', { target }));
      expect(preview.state).toBe('succeeded');
      const figures = InvalidatePreviewSchema.parse(preview.result);
      expect(figures.matched).toBe(expected.size);
      expect(figures.sample.every((k) => expected.has(k.hex))).toBe(true);
      expect(figures.memory > 0).toBe(expected.size > 0);
      expect(await allKeys([redis])).toEqual(before);

      const run = await runJob(core, core.invoke('controls.invalidate', { target, confirm: figures.confirmation.text }));
      expect(run.state).toBe('succeeded');
      const result = InvalidateResultSchema.parse(run.result);
      expect(result).toMatchObject({ matched: expected.size, deleted: expected.size, alreadyGone: 0, unconfirmed: 0 });
      const after = await allKeys([redis]);
      expect(after).toEqual(new Set([...before].filter((hex) => !expected.has(hex))));
    },
  );
});

describe('named keys and confirmation', () => {
  beforeEach(seed);

  test('a list of exact keys (binary and glob bytes included) deletes those, counts the missing ones as already gone', async () => {
    const keys = [adversarial[0]!, adversarial[1]!, adversarial[4]!, Buffer.from('adv:never-there')].map((k) => k.toString('hex'));
    const run = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'keys', keys } }));
    expect(InvalidateResultSchema.parse(run.result)).toMatchObject({ matched: 4, deleted: 3, alreadyGone: 1 });
    expect(await redis.exists(adversarial[2]!)).toBe(1);
    expect(await redis.exists(adversarial[1]!)).toBe(0);
  });

  test('above the profile’s limit an unconfirmed pattern is refused before anything is deleted, and audited as refused', async () => {
    const before = await redis.dbsize();
    const run = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'adv:n:*' } }));
    expect(run.state).toBe('failed');
    expect(run.error?.code).toBe('CONFIRMATION_REQUIRED');
    expect(await redis.dbsize()).toBe(before);
    expect(auditRecords(home.home).at(-1)).toMatchObject({ action: 'keys.invalidate', outcome: 'refused', parameters: { pattern: 'adv:n:*' } });

    const small = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'adv:n:1?' } }));
    expect(small.state).toBe('failed');
    const tiny = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'adv:n:99?' } }));
    expect(InvalidateResultSchema.parse(tiny.result)).toMatchObject({ matched: 0, deleted: 0 });
    const five = await runJob(core, core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'adv:n:14[0-4]' } }));
    expect(InvalidateResultSchema.parse(five.result)).toMatchObject({ matched: 5, deleted: 5 });

    const flush = core.invoke('controls.flushCache', { scope: 'db', confirm: 'wrong' });
    await expect(flush).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(auditRecords(home.home).at(-1)).toMatchObject({ action: 'cache.flushDb', outcome: 'refused' });
  });

  test('a namespace flush deletes <ns>:* with the namespace escaped, and a report file lists each key as it went', async () => {
    await redis.set('we*ird:1', 'x');
    await redis.set('weXird:1', 'x');
    await redis.set('we*ird', 'x');
    const reportFile = join(home.home, 'report.tsv');
    const run = await runJob(core, core.invoke('controls.flushCache', { scope: 'namespace', namespace: 'we*ird', confirm: 'Under test', reportFile }));
    expect(InvalidateResultSchema.parse(run.result)).toMatchObject({ matched: 1, deleted: 1 });
    expect(await redis.exists('weXird:1', 'we*ird')).toBe(2);
    const lines = readFileSync(reportFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([`1\t${keyNameToHex(Buffer.from('we*ird:1'))}\twe*ird:1`]);
  });

  test('FLUSHDB ASYNC with the profile name empties the database and says how many keys there were', async () => {
    const before = await redis.dbsize();
    const run = await runJob(core, core.invoke('controls.flushCache', { scope: 'db', confirm: 'Under test' }));
    expect(run.result).toMatchObject({ masters: 1, keysBefore: before });
    expect(await redis.dbsize()).toBe(0);
    expect(auditRecords(home.home).at(-1)).toMatchObject({ action: 'cache.flushDb', outcome: 'ok', counts: { masters: 1, keysBefore: before } });
  });
});

describe('a large deletion', () => {
  test('cancel stops within a batch and the result says exactly what was deleted', async () => {
    await redis.flushall();
    await redis.call('DEBUG', 'POPULATE', '200000', 'big');
    const started = await core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'big:*' }, confirm: 'big:*', batchSize: 100 });
    await new Promise<void>((resolve) => {
      const sub = core.onEvent((event) => {
        if (event.name === 'job.progress' && (event.payload as { id: string; done: number }).id === started.id && (event.payload as { done: number }).done > 0) {
          void sub.dispose();
          resolve();
        }
      });
    });
    const cancelled = await core.invoke('job.cancel', { id: started.id });
    expect(cancelled.state).toBe('cancelled');
    const result = InvalidateResultSchema.parse(cancelled.result);
    const left = await redis.dbsize();
    expect(result.deleted).toBe(200_000 - left);
    expect(result.deleted).toBeLessThan(200_000);
    expect(result.matched).toBe(result.deleted + result.alreadyGone);
    // One SCAN reply at most was taken after the cancel.
    expect(result.batches).toBeLessThan(200);
    expect(auditRecords(home.home).at(-1)).toMatchObject({ action: 'keys.invalidate', outcome: 'cancelled', counts: { deleted: result.deleted } });
  });
});

describe('a Redis killed mid-job', () => {
  let doomed: ThrowawayRedis;
  let doomedCore: Core;
  const doomedHome = testHome();

  afterAll(async () => {
    await doomedCore?.dispose();
    await doomed?.kill();
    doomedHome.remove();
  });

  test('the job fails with the exact counts of the replies it got: each reported deletion is an UNLINK reply of 1', async () => {
    doomed = new ThrowawayRedis(await freePort(), ['--enable-debug-command', 'yes']);
    await doomed.start();
    const seeder = new Redis(doomed.url);
    await seeder.call('DEBUG', 'POPULATE', '300000', 'doomed');
    seeder.disconnect();
    doomedCore = await doomedHome.core({ redisUrl: doomed.url });
    const reportFile = join(doomedHome.home, 'doomed.tsv');
    const started = await doomedCore.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'doomed:*' }, confirm: 'doomed:*', reportFile });
    await new Promise<void>((resolve) => {
      const sub = doomedCore.onEvent((event) => {
        const job = event.payload as { id: string; done: number };
        if (event.name === 'job.progress' && job.id === started.id && job.done >= 20_000) {
          void sub.dispose();
          resolve();
        }
      });
    });
    await doomed.kill();
    const job = await runJob(doomedCore, Promise.resolve(started));
    expect(job.state).toBe('failed');
    const partial = InvalidateResultSchema.parse(job.error?.details);
    expect(partial.deleted).toBeGreaterThanOrEqual(20_000);
    expect(partial.deleted).toBeLessThanOrEqual(partial.matched);
    expect(partial.matched).toBe(partial.deleted + partial.alreadyGone + partial.unconfirmed);
    expect(partial.matched).toBeLessThan(300_000);
    const lines = readFileSync(reportFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.filter((l) => l.startsWith('1\t'))).toHaveLength(partial.deleted);
    expect(lines.length).toBe(partial.deleted + partial.alreadyGone);
    const record = auditRecords(doomedHome.home).at(-1);
    expect(record).toMatchObject({ action: 'keys.invalidate', outcome: 'failed', counts: { deleted: partial.deleted, unconfirmed: partial.unconfirmed } });
    expect(record?.error?.code).toBeTruthy();
  });
});

describe('a read-only profile', () => {
  const readOnlyHome = testHome({ environment: 'production' });
  let readOnlyCore: Core;

  beforeAll(async () => {
    readOnlyCore = await readOnlyHome.core({ redisUrl: server.url });
  });
  afterAll(async () => {
    await readOnlyCore?.dispose();
    readOnlyHome.remove();
  });

  test('refuses every control in the core with READ_ONLY, audits each refusal, deletes nothing', async () => {
    await seed();
    const before = await redis.dbsize();
    const attempts = [
      () => readOnlyCore.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'adv:*' }, confirm: 'Under test' }),
      () => readOnlyCore.invoke('controls.invalidate', { target: { by: 'keys', keys: ['61'] } }),
      () => readOnlyCore.invoke('controls.flushCache', { scope: 'namespace', namespace: 'adv', confirm: 'Under test' }),
      () => readOnlyCore.invoke('controls.flushCache', { scope: 'db', confirm: 'Under test' }),
      () => readOnlyCore.invoke('writeBehind.flush', {}),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'READ_ONLY' });
      expect((error as AppError).message).toContain('production');
    }
    expect(await redis.dbsize()).toBe(before);
    const records = auditRecords(readOnlyHome.home);
    expect(records.map((r) => [r.action, r.outcome])).toEqual([
      ['keys.invalidate', 'refused'],
      ['keys.invalidate', 'refused'],
      ['cache.flushNamespace', 'refused'],
      ['cache.flushDb', 'refused'],
      ['writeBehind.flush', 'refused'],
    ]);
    expect(records.every((r) => r.error?.code === 'READ_ONLY' && r.environment === 'production')).toBe(true);
    const list = await readOnlyCore.invoke('profiles.list');
    expect(list.profiles.find((p) => p.id === 'under-test')).toMatchObject({ environment: 'production', readOnly: true });
  });
});

describe('broadcast', () => {
  const channel = `cachescope-invalidations-${process.pid}`;
  let broadcastHome: ReturnType<typeof testHome>;
  let broadcastCore: Core;
  let subscriber: Redis;
  const messages: Record<string, unknown>[] = [];

  beforeAll(async () => {
    broadcastHome = testHome({ redis: { url: server.url }, controls: { broadcastChannel: channel } });
    broadcastCore = await broadcastHome.core();
    subscriber = new Redis(server.url);
    await subscriber.subscribe(channel);
    subscriber.on('message', (_, message: string) => messages.push(JSON.parse(message)));
  });
  afterAll(async () => {
    await broadcastCore?.dispose();
    subscriber?.disconnect();
    broadcastHome?.remove();
  });

  test('each deleted named key, or the pattern once, is published on the profile’s channel', async () => {
    await seed();
    const keys = [adversarial[0]!, Buffer.from('adv:a'), Buffer.from('adv:not-there')].map((k) => k.toString('hex'));
    const named = await runJob(broadcastCore, broadcastCore.invoke('controls.invalidate', { target: { by: 'keys', keys } }));
    expect(InvalidateResultSchema.parse(named.result)).toMatchObject({ deleted: 2, broadcast: 2 });
    const byPattern = await runJob(broadcastCore, broadcastCore.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'adv:n:1?' }, confirm: 'adv:n:1?' }));
    expect(InvalidateResultSchema.parse(byPattern.result)).toMatchObject({ deleted: 10, broadcast: 1 });
    await expect.poll(() => messages.length).toBe(3);
    expect(messages.map((m) => (m.key ?? m.pattern) as { display: string })).toEqual([
      { display: '', hex: keys[0] },
      { display: 'adv:a', hex: keys[1] },
      { display: 'adv:n:1?', hex: Buffer.from('adv:n:1?').toString('hex') },
    ].map((k) => (k.display === '' ? expect.objectContaining({ hex: k.hex }) : k)));
    expect(messages.every((m) => m.type === 'invalidate' && typeof m.by === 'string')).toBe(true);
  });
});
