import { expect, test } from 'vitest';
import { verdictBarOption, verdictColor } from '../../../renderer/src/charts/verdictChart';
import { compareVerdicts } from '../../../shared/contracts/investigate';

const colors = { text: 't', muted: 'm', border: 'b', raised: 'r', accent: 'a', ok: 'ok', warn: 'warn', bad: 'bad' };

test('one bar per verdict in a fixed order, each in its verdict colour, labelled with its share', () => {
  const counts = { fresh: 97, stale: 3, ahead: 0, 'missing-in-db': 0, 'missing-in-cache': 0, 'negative-cached': 0, unmapped: 0 };
  const option = verdictBarOption(counts, colors) as {
    yAxis: { data: string[] };
    series: { data: { value: number; itemStyle: { color: string } }[]; label: { formatter: (p: { value: number }) => string } }[];
  };
  expect(option.yAxis.data).toEqual([...compareVerdicts].reverse());
  const bars = option.series[0]!.data;
  expect(bars.map((b) => b.value)).toEqual([...compareVerdicts].reverse().map((v) => counts[v]));
  expect(bars[option.yAxis.data.indexOf('stale')]!.itemStyle.color).toBe('bad');
  expect(bars[option.yAxis.data.indexOf('fresh')]!.itemStyle.color).toBe('ok');
  expect(option.series[0]!.label.formatter({ value: 3 })).toBe('3 %');
  expect(option.series[0]!.label.formatter({ value: 0 })).toBe('');
});

test('problems are red, writes in flight amber, the rest calm', () => {
  expect(verdictColor('missing-in-db', colors)).toBe('bad');
  expect(verdictColor('ahead', colors)).toBe('warn');
  expect(verdictColor('unmapped', colors)).toBe('m');
});
