import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { Core, type CoreEvent } from '../../../electron/main/core/core';
import { expectNoLeaks } from '../support/leaks';
import { freePort } from '../support/throwawayRedis';
import { endpointsToEnv } from '../../../demo/config';

const endpoints = inject('endpoints');
const home = mkdtempSync(join(tmpdir(), 'cachescope-profiles-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

test('switching profiles closes the old connections and probes the new ones', async () => {
  const deadPort = await freePort();
  writeFileSync(
    join(home, 'profiles.json'),
    JSON.stringify({
      profiles: [
        {
          id: 'broken',
          name: 'Broken',
          redis: { url: `redis://127.0.0.1:${deadPort}` },
          postgres: { url: endpoints.databaseUrl },
          kafka: { brokers: endpoints.kafkaBrokers },
        },
      ],
    }),
  );
  await expectNoLeaks(async () => {
    const core = await Core.create({
      frontEnd: 'serve',
      env: {
        CACHESCOPE_HOME: home,
        ...endpointsToEnv(endpoints),
      },
    });
    const events: CoreEvent[] = [];
    const subscription = core.onEvent((e) => events.push(e));
    const local = await core.invoke('health.check', {});
    expect(local.profileId).toBe('local');
    expect(local.redis.ok).toBe(true);

    const list = await core.invoke('profiles.select', { id: 'broken' });
    expect(list.activeId).toBe('broken');
    expect(list.profiles.map((p) => p.id)).toEqual(['local', 'broken']);
    expect(events.some((e) => e.name === 'profiles.changed')).toBe(true);

    const broken = await core.invoke('health.check', {});
    expect(broken.profileId).toBe('broken');
    expect(broken.redis.error?.code).toBe('CONNECTION_REFUSED');
    expect(broken.postgres.ok).toBe(true);

    await core.invoke('profiles.select', { id: 'local' });
    expect((await core.invoke('health.check', {})).redis.ok).toBe(true);
    await subscription.dispose();
    await core.dispose();
  });
});

test('a watching core samples from start-up, before anyone asks, and watches the next profile from its start too', async () => {
  writeFileSync(
    join(home, 'profiles.json'),
    JSON.stringify({
      profiles: [{ id: 'second', name: 'Second', redis: { url: endpoints.redisUrl }, postgres: { url: endpoints.databaseUrl }, kafka: { brokers: endpoints.kafkaBrokers } }],
    }),
  );
  await expectNoLeaks(async () => {
    const core = await Core.create({ frontEnd: 'serve', env: { CACHESCOPE_HOME: home, ...endpointsToEnv(endpoints) } });
    const sampled = new Set<string>();
    const subscription = core.onEvent((e) => {
      const { name, payload } = e as CoreEvent<'metrics.sample' | 'writeBehind.sample' | 'health.changed'>;
      if (['metrics.sample', 'writeBehind.sample', 'health.changed'].includes(name)) sampled.add(`${name} ${payload.profileId}`);
    });
    await core.startWatching();
    // No front end has called stats.watch, writeBehind.lag or health.check.
    await expect.poll(() => [...sampled].sort(), { timeout: 20_000 }).toEqual(['health.changed local', 'metrics.sample local', 'writeBehind.sample local']);

    await core.invoke('profiles.select', { id: 'second' });
    await expect
      .poll(() => ['health.changed', 'metrics.sample', 'writeBehind.sample'].every((name) => sampled.has(`${name} second`)), { timeout: 20_000 })
      .toBe(true);
    await subscription.dispose();
    await core.dispose();
  });
});
