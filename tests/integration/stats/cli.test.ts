import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Redis } from 'ioredis';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { testHome } from './support';
import { endpointsToEnv } from '../../../demo/config';
import { runCli } from '../support/runCli';

const endpoints = inject('endpoints');
const home = testHome();
let server: ThrowawayRedis;

beforeAll(async () => {
  server = new ThrowawayRedis(await freePort());
  await server.start();
});

afterAll(async () => {
  await server?.kill();
  home.remove();
});

function cli(args: string[], redisUrl = server.url) {
  return runCli(args, { CACHESCOPE_HOME: home.home, ...endpointsToEnv({ ...endpoints, redisUrl }) });
}

test('stats --json prints one snapshot in the documented shape', async () => {
  const redis = new Redis(server.url);
  await redis.config('RESETSTAT');
  await redis.set('cli:1', 'v');
  for (let i = 0; i < 7; i++) await redis.get('cli:1');
  for (let i = 0; i < 3; i++) await redis.get('cli:missing');
  await redis.hset('cachestats:product', { hits: 30, misses: 10 });
  await redis.quit();

  const { code, stdout } = await cli(['stats', '--json']);
  expect(code).toBe(0);
  const snapshot = JSON.parse(stdout);
  expect(Object.keys(snapshot).slice(0, 10)).toEqual([
    'hitRate',
    'hits',
    'misses',
    'opsPerSec',
    'usedMemory',
    'maxMemory',
    'evictedKeys',
    'expiredKeys',
    'nodes',
    'namespaces',
  ]);
  expect(snapshot).toMatchObject({ hitRate: 0.7, hits: 7, misses: 3, maxMemory: 0, evictedKeys: 0, expiredKeys: 0 });
  expect(snapshot.opsPerSec).toBeGreaterThanOrEqual(0);
  expect(snapshot.usedMemory).toBeGreaterThan(0);
  expect(snapshot.nodes).toEqual([
    expect.objectContaining({ address: `127.0.0.1:${server.port}`, role: 'master', hits: 7, misses: 3 }),
  ]);
  expect(snapshot.namespaces).toEqual([{ namespace: 'product', hits: 30, misses: 10, hitRate: 0.75 }]);
  // One reading has no windowed rates, and says why.
  expect(snapshot.hitRates.lastInterval).toBeNull();
  expect(snapshot.ratesNote).toContain('at least 2 readings an interval apart; one reading taken');
});

test('stats --watch prints a line per interval', async () => {
  const { code, stdout } = await cli(['stats', '--watch', '--count', '3', '--json']);
  expect(code).toBe(0);
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
  expect(lines).toHaveLength(3);
  // Ticks are aligned to the interval (1 s by default).
  const times: number[] = lines.map((l) => l.at);
  expect(times.every((t, i) => t % 1_000 === 0 && (i === 0 || t > times[i - 1]!))).toBe(true);
  expect(lines.every((l) => l.hits >= 7 && l.error === undefined)).toBe(true);
  expect(lines[2].opsPerSec).toBeGreaterThan(0);

  const text = await cli(['stats', '--watch', '--count', '2']);
  expect(text.stdout.trim().split('\n')).toHaveLength(2);
  expect(text.stdout).toMatch(/^\d\d:\d\d:\d\d {2}hit /m);
  // The CLI keeps its samples in memory: the app's history file is the app's.
  expect(existsSync(join(home.home, 'history'))).toBe(false);
});

test('a Redis that does not answer exits 1 with the reason; bad usage exits 2', async () => {
  const port = await freePort();
  const down = await cli(['stats', '--json'], `redis://127.0.0.1:${port}`);
  expect(down.code).toBe(1);
  expect(JSON.parse(down.stdout)).toMatchObject({ hitRate: null, error: { code: 'CONNECTION_REFUSED' } });
  expect(down.stderr).toContain(`127.0.0.1:${port}`);
  expect((await cli(['stats', '--count', '2'])).code).toBe(2);
  expect((await cli(['stats', '--watch', '--count', 'x'])).code).toBe(2);
});
