import { expect, test } from 'vitest';
import {
  namespaceInterval,
  namespaceStats,
  namespacesNote,
  profileNamespaces,
} from '../../../electron/main/core/analysis/namespaceStats';

const mapping = (keyPattern: string) => ({ keyPattern, table: 't', keyColumn: 'id', versionColumn: 'version' });

test('namespaces are the key patterns before {id}', () => {
  expect(profileNamespaces([mapping('product:{id}'), mapping('user:{id}'), mapping('shop:order:{id}'), mapping('product:{id}')])).toEqual([
    'product',
    'user',
    'shop:order',
  ]);
  expect(profileNamespaces([mapping('{id}')])).toEqual([]);
});

test('interval hit rates come from the counters’ differences; resets give none', () => {
  const before = { namespace: 'product', atMs: 0, hits: 100, misses: 50 };
  const after = { namespace: 'product', atMs: 10_000, hits: 190, misses: 60 };
  const interval = namespaceInterval(before, after, 25_000);
  expect(interval).toEqual({ namespace: 'product', elapsedMs: 10_000, hits: 90, misses: 10 });
  expect(namespaceStats(after, interval)).toEqual({ namespace: 'product', hits: 190, misses: 60, hitRate: 0.76, intervalHitRate: 0.9 });
  expect(namespaceInterval(after, { ...before, atMs: 20_000 }, 25_000)).toBeNull();
  expect(namespaceInterval(before, { ...after, atMs: 60_000 }, 25_000)).toBeNull();
});

test('without counters the note says what the application must write', () => {
  expect(namespacesNote(['product', 'user'], 0, 'cachestats:')).toMatch(/cachestats:product, cachestats:user/);
  expect(namespacesNote([], 0, 'cachestats:')).toMatch(/namespaces in the profile/);
  expect(namespacesNote(['product'], 1, 'cachestats:')).toBeNull();
});
