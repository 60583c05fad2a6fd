import { expect, test } from 'vitest';
import { namespaceTreemap, ttlHistogramOption } from '../../../renderer/src/charts/keysCharts';
import { toTtlHistogram } from '../../../electron/main/core/analysis/ttlBuckets';

const ns = (namespace: string, parent: string | null, keys: number, memory: number) => ({
  namespace,
  namespaceHex: '',
  depth: parent === null ? 1 : parent.split(':').length + 1,
  parent,
  keys,
  memory,
  noTtl: 0,
  ttlHistogram: toTtlHistogram([]),
  medianTtlMs: null,
  otherKeys: 0,
  otherMemory: 0,
});

test('the treemap nests namespaces by parent, and a parent\'s area is exactly its memory', () => {
  const roots = namespaceTreemap({
    delimiter: ':',
    namespaces: [ns('user', null, 10, 1000), ns('user:profile', 'user', 6, 600), ns('cart', null, 2, 50)],
    unnamespaced: { keys: 3, memory: 30, noTtl: 3 },
    otherNamespaces: { keys: 0, memory: 0 },
  });
  expect(roots.map((r) => [r.name, r.value])).toEqual([
    ['user', 1000],
    ['cart', 50],
    ['(no namespace)', 30],
  ]);
  expect(roots[0]!.children!.map((c) => [c.name, c.value, c.keys])).toEqual([
    ['profile', 600, 6],
    ['(rest)', 400, 4],
  ]);
  expect(roots[1]!.children).toBeUndefined();
});

test('the TTL histogram draws one bar per bucket, keys without TTL in the warning colour', () => {
  const colors = { text: '', muted: '', border: '', raised: '', accent: 'A', ok: '', warn: 'W', bad: '' };
  const option = ttlHistogramOption(toTtlHistogram([5, 1, 0, 0, 0, 0, 0, 2]), colors) as {
    series: { data: { value: number; itemStyle: { color: string } }[] }[];
    xAxis: { data: string[] };
  };
  expect(option.xAxis.data).toHaveLength(8);
  expect(option.series[0]!.data.map((d) => [d.value, d.itemStyle.color])).toEqual([[5, 'W'], [1, 'A'], [0, 'A'], [0, 'A'], [0, 'A'], [0, 'A'], [0, 'A'], [2, 'A']]);
});
