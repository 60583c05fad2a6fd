import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { askNode } from '../support/throwawayCluster';
import { ThrowawaySentinel } from '../support/throwawaySentinel';
import { collectSamples, expectSane, testHome } from './support';

let sentinel: ThrowawaySentinel;
let home: ReturnType<typeof testHome>;

beforeAll(async () => {
  sentinel = await ThrowawaySentinel.start();
  home = testHome({ redis: { mode: 'sentinel', sentinels: sentinel.sentinels, sentinelMasterName: sentinel.masterName } });
}, 60_000);

afterAll(async () => {
  await sentinel?.stop();
  home?.remove();
});

describe('Redis stats through Sentinel', () => {
  test('the Sentinel-selected master is read, with exact counts', async () => {
    await askNode(sentinel.master.port, async (r) => {
      await r.config('RESETSTAT');
      await r.set('s:1', 'v');
      await r.get('s:1');
      await r.get('s:missing');
    });
    const core = await home.core();
    try {
      const sample = await core.invoke('stats.snapshot', { fresh: true });
      expect(sample).toMatchObject({ mode: 'sentinel', hits: 1, misses: 1, hitRate: 0.5, mastersUp: 1 });
      expect(sample.nodes).toEqual([expect.objectContaining({ address: `127.0.0.1:${sentinel.master.port}`, role: 'master', state: 'up' })]);
    } finally {
      await core.dispose();
    }
  });

  test('after a failover the promoted replica is sampled; the outage is a gap', async () => {
    const core = await home.core();
    const watched = collectSamples(core);
    try {
      await core.invoke('stats.watch', {});
      await watched.next(2);
      await sentinel.master.kill();
      await expect.poll(() => watched.samples.at(-1)?.error, { timeout: 15_000 }).not.toBeNull();
      const promoted = `127.0.0.1:${sentinel.replica.port}`;
      await expect.poll(() => sentinel.currentMaster(), { timeout: 30_000 }).toBe(promoted);
      await expect.poll(() => watched.samples.at(-1)?.nodes.map((n) => [n.address, n.state]), { timeout: 30_000 }).toEqual([
        [promoted, 'up'],
      ]);
      await expect.poll(() => watched.samples.at(-1)?.opsPerSec ?? null, { timeout: 10_000 }).not.toBeNull();
      for (const sample of watched.samples) expectSane(sample);
      const history = await core.invoke('stats.history', { from: watched.samples[0]!.at - 1_000 });
      expect(history.series.opsPerSec.points.some(([, value]) => value === null)).toBe(true);
    } finally {
      await watched.dispose();
      await core.dispose();
    }
  }, 90_000);
});
