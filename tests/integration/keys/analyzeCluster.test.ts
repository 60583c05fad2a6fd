import { expect, test } from 'vitest';
import { useThrowawayCluster } from '../support/clusterFixture';
import { analysisOf, buckets, keysHome, node, runAnalysis } from './support';

const cluster = useThrowawayCluster({ masters: 3, openHome: (profile) => keysHome({ profile }) });

test('every master of a Cluster is scanned and the counts are exact', async () => {
  const { client, home } = cluster;
  for (let i = 0; i < 300; i++) await client.set(`product:${i}`, 'v', 'PX', 30 * 60_000);
  for (let i = 0; i < 120; i++) await client.hset(`user:profile:${i}`, 'f', 'v');
  for (let i = 0; i < 30; i++) await client.set(`session:${i}`, 'v', 'PX', 20_000);
  const perMaster = await Promise.all(client.nodes('master').map((n) => n.dbsize()));
  // Keys hash to every master, so one node alone would not give these counts.
  expect(perMaster.every((size) => size > 0)).toBe(true);

  const core = await home.core();
  try {
    const analysis = analysisOf(await runAnalysis(core));
    expect(analysis.nodes).toHaveLength(3);
    expect(analysis).toMatchObject({ complete: true, scanned: 450, keysAtStart: 450, vanished: 0, db: 0 });
    expect(buckets(analysis.ttlHistogram)).toEqual({ none: 120, lt1m: 30, '10m-1h': 300 });
    expect(node(analysis, 'product')).toMatchObject({ keys: 300, noTtl: 0 });
    expect(node(analysis, 'user:profile')).toMatchObject({ keys: 120, noTtl: 120 });
    expect(analysis.types).toEqual([
      expect.objectContaining({ type: 'string', keys: 330 }),
      expect.objectContaining({ type: 'hash', keys: 120 }),
    ]);
    expect(analysis.expiringSoon).toHaveLength(30);
    await expect(core.invoke('keys.analyze', { db: 1 })).resolves.toMatchObject({ state: 'running' });
    const refused = (await core.invoke('job.list', {})).jobs.find((j) => j.kind === 'keys.analyze' && j.state !== 'succeeded');
    await expect.poll(async () => (await core.invoke('job.get', { id: refused!.id })).state).toBe('failed');
    expect((await core.invoke('job.get', { id: refused!.id })).error).toMatchObject({ code: 'INVALID_INPUT' });
  } finally {
    await core.dispose();
  }
});
