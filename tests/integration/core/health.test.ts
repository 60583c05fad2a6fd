import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { Core } from '../../../electron/main/core/core';
import type { HealthReport } from '../../../shared/contract';
import { expectNoLeaks } from '../support/leaks';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { endpointsToEnv } from '../../../demo/config';

const endpoints = inject('endpoints');
const home = mkdtempSync(join(tmpdir(), 'cachescope-health-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function coreFor(env: Record<string, string>, healthOptions?: { intervalMs: number; retryBaseMs: number; maxRetryMs: number }) {
  return Core.create({
    frontEnd: 'cli',
    env: {
      CACHESCOPE_HOME: home,
      ...endpointsToEnv(endpoints),
      ...env,
    },
    ...(healthOptions ? { healthOptions } : {}),
  });
}

describe('health against the real services', () => {
  test('all three answer with latency and version', async () => {
    await expectNoLeaks(async () => {
      const core = await coreFor({});
      const report = await core.invoke('health.check', { fresh: true });
      for (const service of [report.redis, report.postgres, report.kafka]) {
        expect(service, service.service).toMatchObject({ ok: true, state: 'ok', error: null });
        expect(service.latencyMs).toBeGreaterThanOrEqual(0);
        expect(service.version).toMatch(/^\d+\.\d+/);
      }
      expect(report.kafka.detail).toMatch(/broker/);
      await core.dispose();
    });
  });

  test('a wrong port is a clear error within seconds, not a hang', async () => {
    const port = await freePort();
    const started = Date.now();
    await expectNoLeaks(async () => {
      const core = await coreFor({
        REDIS_URL: `redis://127.0.0.1:${port}`,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
        KAFKA_BROKERS: `127.0.0.1:${port}`,
      });
      const report = await core.invoke('health.check', { fresh: true });
      for (const service of [report.redis, report.postgres, report.kafka]) {
        expect(service.ok).toBe(false);
        expect(service.error?.code).toBe('CONNECTION_REFUSED');
        expect(service.error?.message).toContain(`127.0.0.1:${port}`);
      }
      await core.dispose();
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('wrong credentials, a missing database and malformed URLs say so', async () => {
    const db = new URL(endpoints.databaseUrl);
    const core = await coreFor({
      REDIS_URL: 'http://not-redis',
      DATABASE_URL: `postgres://no_such_role_cachescope@${db.host}/postgres`,
      KAFKA_BROKERS: 'no-such-host.invalid:9092',
    });
    const report = await core.invoke('health.check', { fresh: true });
    expect(report.redis.error).toMatchObject({ code: 'BAD_URL' });
    expect(report.redis.error?.message).toMatch(/redis:\/\//);
    expect(report.postgres.error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(report.postgres.error?.message).toContain('no_such_role_cachescope');
    expect(report.kafka.error).toMatchObject({ code: 'HOST_NOT_FOUND' });
    await core.dispose();

    const missingDb = await coreFor({ DATABASE_URL: `postgres://postgres@${db.host}/no_such_db_cachescope` });
    const second = await missingDb.invoke('health.check', { fresh: true });
    expect(second.postgres.error).toMatchObject({ code: 'NOT_FOUND' });
    await missingDb.dispose();
  });

  test('a Redis that goes away shows down with backoff, then recovers on its own', async () => {
    const redis = new ThrowawayRedis(await freePort());
    await redis.start();
    const core = await coreFor({ REDIS_URL: redis.url }, { intervalMs: 200, retryBaseMs: 100, maxRetryMs: 400 });
    const reports: HealthReport[] = [];
    const subscription = core.onEvent((e) => {
      if (e.name === 'health.changed') reports.push(e.payload as HealthReport);
    });
    try {
      await core.invoke('health.check', {});
      await expect.poll(() => reports.at(-1)?.redis.state, { timeout: 10_000 }).toBe('ok');
      await redis.kill();
      await expect.poll(() => reports.at(-1)?.redis.state, { timeout: 10_000 }).toBe('down');
      const down = reports.at(-1)!.redis;
      expect(down.lastOkAt).not.toBeNull();
      expect(down.error?.message).toContain(redis.url);
      await redis.start();
      await expect.poll(() => reports.at(-1)?.redis.state, { timeout: 15_000 }).toBe('ok');
    } finally {
      await subscription.dispose();
      await core.dispose();
      await redis.kill();
    }
  });

  test('bad input and unknown methods are AppErrors, not crashes', async () => {
    const core = await coreFor({});
    await expect(core.invoke('nope.nothing', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(core.invoke('profiles.select', { id: 42 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.invoke('profiles.select', { id: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await core.dispose();
    await expect(core.invoke('health.check', {})).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
