import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Redis } from 'ioredis';
import { endpointsToEnv } from '../../../demo/config';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { testHome } from '../stats/support';
import { auditRecords } from './support';
import { runCli } from '../support/runCli';

const endpoints = inject('endpoints');
const home = testHome();
let server: ThrowawayRedis;
let redis: Redis;

beforeAll(async () => {
  server = new ThrowawayRedis(await freePort());
  await server.start();
  redis = new Redis(server.url);
  // A second, production (so read-only) profile on the same server.
  writeFileSync(join(home.home, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'prod', name: 'Prod', environment: 'production', redis: { url: server.url } }] }), { mode: 0o600 });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.kill();
  home.remove();
});

function cli(args: string[]) {
  return runCli(args, { CACHESCOPE_HOME: home.home, ...endpointsToEnv({ ...endpoints, redisUrl: server.url }) });
}

test('invalidate: --dry-run prints the preview and deletes nothing; --yes deletes and prints exact counts; without --yes exit 2', { timeout: 300_000 }, async () => {
  for (let i = 0; i < 120; i++) await redis.set(`cli:${i}`, 'v');
  await redis.set('cli-keep', 'v');

  const dry = await cli(['invalidate', '--pattern', 'cli:*', '--dry-run', '--json']);
  expect(dry.code).toBe(0);
  const preview = JSON.parse(dry.stdout);
  expect(Object.keys(preview)).toEqual(['matched', 'memory', 'sample', 'pendingWrites']);
  expect(preview).toMatchObject({ matched: 120, pendingWrites: 0 });
  expect(preview.memory).toBeGreaterThan(0);
  expect(preview.sample.length).toBe(20);
  expect(await redis.dbsize()).toBe(121);

  const refused = await cli(['invalidate', '--pattern', 'cli:*', '--json']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--yes');
  expect(await redis.dbsize()).toBe(121);

  const done = await cli(['invalidate', '--pattern', 'cli:*', '--yes', '--json']);
  expect(done.code).toBe(0);
  const result = JSON.parse(done.stdout);
  expect(result).toMatchObject({ matched: 120, deleted: 120, alreadyGone: 0 });
  expect(result.durationMs).toBeGreaterThanOrEqual(0);
  expect(await redis.dbsize()).toBe(1);

  const keys = await cli(['invalidate', '--key', 'cli-keep', '--key', '636c692d6e6f6e65', '--yes', '--json']);
  expect(JSON.parse(keys.stdout)).toMatchObject({ matched: 2, deleted: 1, alreadyGone: 1 });
  const hex = await cli(['invalidate', '--key', '636c692d6b656570', '--hex', '--yes', '--json']);
  expect(JSON.parse(hex.stdout)).toMatchObject({ matched: 1, deleted: 0, alreadyGone: 1 });
});

test('flush-cache and a read-only profile: exit 4 with the reason, audited as refused; audit --json lists it all', { timeout: 300_000 }, async () => {
  await redis.set('ns:1', 'v');
  await redis.set('ns:2', 'v');
  expect((await cli(['flush-cache', '--namespace', 'ns'])).code).toBe(2);
  const flushed = await cli(['flush-cache', '--namespace', 'ns', '--yes', '--json']);
  expect(JSON.parse(flushed.stdout)).toMatchObject({ matched: 2, deleted: 2 });

  await redis.set('ro:1', 'v');
  for (const args of [['invalidate', '--pattern', 'ro:*', '--yes'], ['flush-cache', '--db', '--yes'], ['flush']]) {
    const refused = await cli([...args, '--profile', 'prod', '--json']);
    expect(refused.code, args.join(' ')).toBe(4);
    expect(refused.stderr).toContain('read-only');
  }
  expect(await redis.exists('ro:1')).toBe(1);

  const audit = await cli(['audit', '--json', '--since', '1h']);
  expect(audit.code).toBe(0);
  const { records } = JSON.parse(audit.stdout) as { records: { action: string; outcome: string; profileId: string; frontEnd: string }[] };
  expect(records.map((r) => `${r.action} ${r.outcome} ${r.profileId}`)).toEqual([
    'writeBehind.flush refused prod',
    'cache.flushDb refused prod',
    'keys.invalidate refused prod',
    'cache.flushNamespace ok local',
    'keys.invalidate ok local',
    'keys.invalidate ok local',
    'keys.invalidate ok local',
  ]);
  expect(records.every((r) => r.frontEnd === 'cli')).toBe(true);
  expect(auditRecords(home.home)).toHaveLength(7);
  expect((await cli(['audit', '--since', 'soon'])).code).toBe(2);
});
