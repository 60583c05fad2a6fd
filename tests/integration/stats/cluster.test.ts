import { describe, expect, test } from 'vitest';
import { useThrowawayCluster } from '../support/clusterFixture';
import { askNode } from '../support/throwawayCluster';
import { collectSamples, expectSane, testHome } from './support';

const cluster = useThrowawayCluster({ masters: 3, replicas: 1, openHome: testHome });

describe('Redis stats against a 3-master cluster with replicas', () => {
  test('every master and replica is read; hits and misses are exact sums over the masters', async () => {
    const { servers, client, home } = cluster;
    await Promise.all(servers.nodes.map((n) => askNode(n.port, (r) => r.config('RESETSTAT'))));
    const keys = Array.from({ length: 30 }, (_, i) => `spread:${i}`);
    for (const key of keys) await client.set(key, 'v');
    for (const key of keys) await client.get(key);
    for (let i = 0; i < 10; i++) await client.get(`spread:missing:${i}`);

    const core = await home.core();
    try {
      const sample = await core.invoke('stats.snapshot', { fresh: true });
      expect(sample).toMatchObject({ mode: 'cluster', hits: 30, misses: 10, hitRate: 0.75, mastersUp: 3, mastersTotal: 3 });
      const masters = sample.nodes.filter((n) => n.role === 'master');
      const replicas = sample.nodes.filter((n) => n.role === 'replica');
      expect(masters).toHaveLength(3);
      expect(replicas).toHaveLength(3);
      expect(sample.nodes.every((n) => n.state === 'up')).toBe(true);
      expect(masters.map((n) => n.address).sort()).toEqual((await servers.masters(servers.nodes[0]!.port)).sort());
      // Keys hash to all three masters, each counting its own.
      expect(masters.every((n) => (n.hits ?? 0) > 0)).toBe(true);
      expect(masters.reduce((sum, n) => sum + n.hits!, 0)).toBe(30);
      expect(sample.keys).toBe(30);
    } finally {
      await core.dispose();
    }
  });

  test('a master that dies is shown down, its replica takes over, and the old one returns as a replica', async () => {
    const { servers, home } = cluster;
    const core = await home.core();
    const watched = collectSamples(core);
    try {
      await core.invoke('stats.watch', {});
      await watched.next(2);
      const [victim] = await servers.masters(servers.nodes[0]!.port);
      const victimPort = Number(victim!.split(':')[1]);
      await servers.node(victimPort).kill();

      const victimState = () => watched.samples.at(-1)?.nodes.find((n) => n.address === victim);
      await expect.poll(() => victimState()?.state, { timeout: 15_000 }).toBe('down');
      // While it is down the others still count: the aggregate goes on over the masters that answer.
      await expect.poll(() => watched.samples.at(-1)?.mastersUp, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      expect(watched.samples.at(-1)!.error).toBeNull();
      // Its replica is promoted after the node timeout (2 s): three masters answer again.
      await expect.poll(() => watched.samples.at(-1)?.mastersUp, { timeout: 30_000 }).toBe(3);

      await servers.node(victimPort).start();
      await expect.poll(() => victimState()?.state, { timeout: 30_000 }).toBe('up');
      await expect.poll(() => victimState()?.role, { timeout: 30_000 }).toBe('replica');
      for (const sample of watched.samples) expectSane(sample);
    } finally {
      await watched.dispose();
      await core.dispose();
    }
  }, 120_000);
});
