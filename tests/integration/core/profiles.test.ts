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
