import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { Core } from '../../../electron/main/core/core';
import type { StatsSample } from '../../../shared/contracts/stats';
import type { ProfileInput } from '../../../shared/profile';
import { endpointsToEnv } from '../../../demo/config';

/** A user-data folder of the test's own, with one profile besides "local". */
export function testHome(profile?: Omit<ProfileInput, 'id' | 'name'>) {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-stats-'));
  const endpoints = inject('endpoints');
  if (profile) writeFileSync(join(home, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'under-test', name: 'Under test', ...profile }] }), { mode: 0o600 });
  return {
    home,
    /** A core on that profile (or on `redisUrl` as the local profile). */
    core: (options: { frontEnd?: 'cli' | 'serve'; redisUrl?: string } = {}) =>
      Core.create({
        frontEnd: options.frontEnd ?? 'cli',
        ...(profile ? { profileId: 'under-test' } : {}),
        env: {
          CACHESCOPE_HOME: home,
          ...endpointsToEnv({ ...endpoints, redisUrl: options.redisUrl ?? endpoints.redisUrl }),
        },
      }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Every `metrics.sample` the core emits from now on. */
export function collectSamples(core: Core) {
  const samples: StatsSample[] = [];
  const subscription = core.onEvent((event) => {
    if (event.name === 'metrics.sample') samples.push(event.payload as StatsSample);
  });
  return {
    samples,
    /** Resolves with the next `count` samples after now. */
    next: async (count = 1, timeoutMs = 20_000): Promise<StatsSample[]> => {
      const start = samples.length;
      const deadline = Date.now() + timeoutMs;
      while (samples.length < start + count) {
        if (Date.now() > deadline) throw new Error(`got ${samples.length - start} of ${count} samples in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return samples.slice(start, start + count);
    },
    dispose: () => subscription.dispose(),
  };
}

/** Nothing absurd: ratios within [0, 1], rates and counts never negative. */
export function expectSane(sample: StatsSample): void {
  const ratios = [sample.hitRate, ...Object.values(sample.hitRates)].filter((r): r is number => r !== null);
  const rates = [sample.opsPerSec, sample.evictedPerSec, sample.expiredPerSec].filter((r): r is number => r !== null);
  if (ratios.some((r) => r < 0 || r > 1) || rates.some((r) => r < 0 || !Number.isFinite(r))) {
    throw new Error(`absurd sample: ${JSON.stringify(sample)}`);
  }
}
