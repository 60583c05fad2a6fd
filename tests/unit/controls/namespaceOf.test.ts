import { expect, test } from 'vitest';
import { NamespaceCounts, namespaceActivity, namespaceOf } from '../../../electron/main/core/analysis/namespaceOf';

const colon = Buffer.from(':');

test('a key’s namespace is what comes before the first delimiter, in display form', () => {
  expect(namespaceOf(Buffer.from('product:42'), colon)).toBe('product');
  expect(namespaceOf(Buffer.from('a:b:c'), colon)).toBe('a');
  expect(namespaceOf(Buffer.from('plain'), colon)).toBe('(none)');
  expect(namespaceOf(Buffer.from(':lead'), colon)).toBe('(none)');
  expect(namespaceOf(Buffer.from([0xff, 0x3a, 0x31]), colon)).toBe('\\xff');
  expect(namespaceOf(Buffer.from('user::1'), Buffer.from('::'))).toBe('user');
});

test('namespace counts stay bounded: past the limit, new names count under (other)', () => {
  const counts = new NamespaceCounts(2);
  for (const ns of ['a', 'b', 'a', 'c', 'd', 'b', 'a']) counts.add(ns);
  expect(counts.entries()).toEqual([
    ['a', 3],
    ['b', 2],
    ['(other)', 2],
  ]);
});

test('reads per second and hit rate between two readings; nulls without two, after a reset, or without reads', () => {
  expect(namespaceActivity({ hits: 100, misses: 10, at: 0 }, { hits: 190, misses: 20, at: 2_000 })).toEqual({ readsPerSec: 50, hitRate: 0.9 });
  expect(namespaceActivity(undefined, { hits: 1, misses: 1, at: 1 })).toEqual({ readsPerSec: null, hitRate: null });
  expect(namespaceActivity({ hits: 100, misses: 10, at: 0 }, { hits: 5, misses: 1, at: 1_000 })).toEqual({ readsPerSec: null, hitRate: null });
  expect(namespaceActivity({ hits: 5, misses: 1, at: 0 }, { hits: 5, misses: 1, at: 1_000 })).toEqual({ readsPerSec: 0, hitRate: null });
});
