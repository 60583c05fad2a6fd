import { expect, test } from 'vitest';
import { latencySparklineOption } from '../../../renderer/src/charts/latencySparkline';

type Series = { data: Array<[number, number | null]>; connectNulls: boolean; showSymbol: boolean };
const seriesOf = (option: ReturnType<typeof latencySparklineOption>) => (option.series as Series[])[0]!;

test('failed probes stay gaps, not zeros', () => {
  const series = seriesOf(latencySparklineOption([[1, 2.5], [2, null], [3, 1.5]], { color: '#0f0' }));
  expect(series.data).toEqual([[1, 2.5], [2, null], [3, 1.5]]);
  expect(series.connectNulls).toBe(false);
});

test('a single probe is drawn as a dot, a series as a line', () => {
  expect(seriesOf(latencySparklineOption([[1, 2]], { color: '#0f0' })).showSymbol).toBe(true);
  expect(seriesOf(latencySparklineOption([[1, 2], [2, 3]], { color: '#0f0' })).showSymbol).toBe(false);
});
