import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Redis } from 'ioredis';
import { endpointsToEnv } from '../../../demo/config';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { keysHome } from './support';
import { runCli } from '../support/runCli';

let server: ThrowawayRedis;
let home: ReturnType<typeof keysHome>;

beforeAll(async () => {
  server = new ThrowawayRedis(await freePort());
  await server.start();
  const redis = new Redis(server.url);
  await redis.set('user:profile:1', 'a');
  await redis.set('user:profile:2', 'b', 'PX', 30_000);
  await redis.hset('user:9', 'f', 'v');
  await redis.select(5);
  await redis.set('other|x', 'v');
  redis.disconnect();
  home = keysHome({ redisUrl: server.url });
});

afterAll(async () => {
  await server?.kill();
  home?.remove();
});

function cli(args: string[]) {
  return runCli(args, { CACHESCOPE_HOME: home.home, ...endpointsToEnv({ ...inject('endpoints'), redisUrl: server.url }) });
}

test('keys analyze --json prints the namespaces, TTL histogram, types, biggest and expiring keys', async () => {
  const { code, stdout, stderr } = await cli(['keys', 'analyze', '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const result = JSON.parse(stdout);
  expect(result).toMatchObject({
    scanned: 3,
    namespaces: [
      { namespace: 'user', keys: 3, memory: expect.any(Number), noTtl: 2, ttlHistogram: expect.any(Array) },
      { namespace: 'user:profile', keys: 2, memory: expect.any(Number), noTtl: 1 },
    ],
    ttlHistogram: [
      { bucket: 'none', keys: 2 },
      { bucket: 'lt1m', keys: 1 },
      { bucket: '1m-10m', keys: 0 },
      { bucket: '10m-1h', keys: 0 },
      { bucket: '1h-6h', keys: 0 },
      { bucket: '6h-24h', keys: 0 },
      { bucket: '1d-7d', keys: 0 },
      { bucket: 'gt7d', keys: 0 },
    ],
    expiringSoon: [{ key: 'user:profile:2', type: 'string', memory: expect.any(Number) }],
  });
  expect(result.namespaces[0].ttlHistogram[0]).toEqual({ bucket: 'none', keys: 2 });
  expect(result.types.map((t: { type: string; keys: number }) => [t.type, t.keys]).sort()).toEqual([['hash', 1], ['string', 2]]);
  expect(result.biggest).toHaveLength(3);
  expect(result.biggest[0]).toEqual(expect.objectContaining({ key: expect.any(String), type: expect.any(String), memory: expect.any(Number) }));
});

test('keys analyze takes --match, --db, --delimiter and --depth, and prints aligned tables without --json', async () => {
  const { code, stdout } = await cli(['keys', 'analyze', '--db', '5', '--delimiter', '|', '--depth', '1']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^1 keys, .* in db 5 of 127\.0\.0\.1:\d+/);
  expect(stdout).toMatch(/^namespace\s+keys\s+memory\s+no TTL\s+median TTL$/m);
  expect(stdout).toMatch(/^other\s+1\s/m);
  const matched = JSON.parse((await cli(['keys', 'analyze', '--match', 'user:profile:*', '--json'])).stdout);
  expect(matched.scanned).toBe(2);
});

test('usage errors exit 2 and say what is wrong', async () => {
  expect(await cli(['keys'])).toMatchObject({ code: 2, stderr: expect.stringContaining('keys needs a subcommand: analyze') });
  expect(await cli(['keys', 'analyze', '--depth', '0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--depth') });
  expect(await cli(['keys', 'analyse'])).toMatchObject({ code: 2 });
});
