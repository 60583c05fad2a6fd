import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { askNode } from '../support/throwawayCluster';
import { ThrowawaySentinel } from '../support/throwawaySentinel';
import { analysisOf, keysHome, node, runAnalysis } from './support';

let sentinel: ThrowawaySentinel;
let home: ReturnType<typeof keysHome>;

beforeAll(async () => {
  sentinel = await ThrowawaySentinel.start();
  home = keysHome({ profile: { redis: { mode: 'sentinel', sentinels: sentinel.sentinels, sentinelMasterName: sentinel.masterName } } });
}, 60_000);

afterAll(async () => {
  await sentinel?.stop();
  home?.remove();
});

describe('keys analysis through Sentinel', () => {
  test('the Sentinel-selected master is analysed, with exact counts', async () => {
    await askNode(sentinel.master.port, async (redis) => {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 120; i++) pipeline.set(`order:${i}`, 'v', 'PX', 3_600_000);
      for (let i = 0; i < 30; i++) pipeline.hset(`session:${i}`, 'user', String(i));
      await pipeline.exec();
    });
    const core = await home.core();
    try {
      const analysis = analysisOf(await runAnalysis(core));
      expect(analysis.scanned).toBe(150);
      expect(node(analysis, 'order')).toMatchObject({ keys: 120, noTtl: 0 });
      expect(node(analysis, 'session')).toMatchObject({ keys: 30, noTtl: 30 });
      expect(analysis.types).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'string', keys: 120 }), expect.objectContaining({ type: 'hash', keys: 30 })]));
      const page = await core.invoke('keys.scan', { search: { text: 'session:*' }, pageSize: 100 });
      expect(page.keys).toHaveLength(30);
      expect(page.keys[0]!.node).toBe(`127.0.0.1:${sentinel.master.port}`);
    } finally {
      await core.dispose();
    }
  });
});
