import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { useCliOnThrowawayRedis } from '../support/cliOnThrowawayRedis';
import { auditRecords } from './support';

const cachescope = useCliOnThrowawayRedis();

beforeAll(() => {
  // A second, production (so read-only) profile on the same server.
  writeFileSync(join(cachescope.home.home, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'prod', name: 'Prod', environment: 'production', redis: { url: cachescope.server.url } }] }), { mode: 0o600 });
});

test('invalidate: --dry-run prints the preview and deletes nothing; --yes deletes and prints exact counts; without --yes exit 2', { timeout: 300_000 }, async () => {
  for (let i = 0; i < 120; i++) await cachescope.redis.set(`cli:${i}`, 'v');
  await cachescope.redis.set('cli-keep', 'v');

  const dry = await cachescope.run(['invalidate', '--pattern', 'cli:*', '--dry-run', '--json']);
  expect(dry.code).toBe(0);
  const preview = JSON.parse(dry.stdout);
  expect(Object.keys(preview)).toEqual(['matched', 'memory', 'sample', 'pendingWrites']);
  expect(preview).toMatchObject({ matched: 120, pendingWrites: 0 });
  expect(preview.memory).toBeGreaterThan(0);
  expect(preview.sample.length).toBe(20);
  expect(await cachescope.redis.dbsize()).toBe(121);

  const refused = await cachescope.run(['invalidate', '--pattern', 'cli:*', '--json']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--yes');
  expect(await cachescope.redis.dbsize()).toBe(121);

  const done = await cachescope.run(['invalidate', '--pattern', 'cli:*', '--yes', '--json']);
  expect(done.code).toBe(0);
  const result = JSON.parse(done.stdout);
  expect(result).toMatchObject({ matched: 120, deleted: 120, alreadyGone: 0 });
  expect(result.durationMs).toBeGreaterThanOrEqual(0);
  expect(await cachescope.redis.dbsize()).toBe(1);

  const keys = await cachescope.run(['invalidate', '--key', 'cli-keep', '--key', '636c692d6e6f6e65', '--yes', '--json']);
  expect(JSON.parse(keys.stdout)).toMatchObject({ matched: 2, deleted: 1, alreadyGone: 1 });
  const hex = await cachescope.run(['invalidate', '--key', '636c692d6b656570', '--hex', '--yes', '--json']);
  expect(JSON.parse(hex.stdout)).toMatchObject({ matched: 1, deleted: 0, alreadyGone: 1 });
});

test('flush-cache and a read-only profile: exit 4 with the reason, audited as refused; audit --json lists it all', { timeout: 300_000 }, async () => {
  await cachescope.redis.set('ns:1', 'v');
  await cachescope.redis.set('ns:2', 'v');
  expect((await cachescope.run(['flush-cache', '--namespace', 'ns'])).code).toBe(2);
  const flushed = await cachescope.run(['flush-cache', '--namespace', 'ns', '--yes', '--json']);
  expect(JSON.parse(flushed.stdout)).toMatchObject({ matched: 2, deleted: 2 });

  await cachescope.redis.set('ro:1', 'v');
  for (const args of [['invalidate', '--pattern', 'ro:*', '--yes'], ['flush-cache', '--db', '--yes'], ['flush']]) {
    const refused = await cachescope.run([...args, '--profile', 'prod', '--json']);
    expect(refused.code, args.join(' ')).toBe(4);
    expect(refused.stderr).toContain('read-only');
  }
  expect(await cachescope.redis.exists('ro:1')).toBe(1);

  const audit = await cachescope.run(['audit', '--json', '--since', '1h']);
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
  expect(auditRecords(cachescope.home.home)).toHaveLength(7);
  expect((await cachescope.run(['audit', '--since', 'soon'])).code).toBe(2);
});
