import { expect, test } from 'vitest';
import { byteAxisStep, formatAxisBytes, formatAxisNumber, formatShare } from '../../../shared/formatUnits';
import { chartPalettes } from '../../../renderer/src/charts/chartPalette';
import { cacheChartSpec } from '../../../renderer/src/charts/cacheCharts';
import { emptyMetricPoints } from '../../../renderer/src/charts/liveSeries';
import { timeSeriesChartOption, timeSeriesChartUpdate } from '../../../renderer/src/charts/timeSeriesChart';

test('rate ticks never repeat a label, however small the step', () => {
  const ticks = [0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035].map(formatAxisNumber);
  expect(ticks).toEqual(['0', '0.005', '0.01', '0.015', '0.02', '0.025', '0.03', '0.035']);
  expect(formatAxisNumber(0.1 + 0.2)).toBe('0.3');
  expect(formatAxisNumber(12_500)).toBe('12,500');
});

test('byte axes step by 1, 2 or 5 of a binary unit and label without padding', () => {
  expect(byteAxisStep(900 * 1024)).toBe(200 * 1024);
  expect(byteAxisStep(1.5 * 1024 ** 2)).toBe(512 * 1024);
  expect(byteAxisStep(3 * 1024 ** 3)).toBe(1024 ** 3);
  expect(byteAxisStep(0)).toBeNull();
  const ticks = [0, 1, 2, 3, 4].map((i) => formatAxisBytes(i * byteAxisStep(900 * 1024)!));
  expect(ticks).toEqual(['0 B', '200 KB', '400 KB', '600 KB', '800 KB']);
  expect(formatAxisBytes(1.5 * 1024 ** 2)).toBe('1.5 MB');
});

test('a share near all or nothing never rounds to it', () => {
  expect(formatShare(2_449, 2_451)).toBe('99.9 %');
  expect(formatShare(999_998, 1_000_000)).toBe('all but 2');
  expect(formatShare(2, 1_000_000)).toBe('2 of 1,000,000');
  expect(formatShare(3, 1_000)).toBe('0.3 %');
  expect(formatShare(2_451, 2_451)).toBe('100 %');
  expect(formatShare(0, 12)).toBe('0 %');
  expect(formatShare(5, 8)).toBe('63 %');
  expect(formatShare(0, 0)).toBe('—');
});

test('the memory chart sets its tick step from the data, live updates included', () => {
  const now = 1_800_000_000_000;
  const points = emptyMetricPoints();
  points.usedMemory.push(now - 1_000, 700 * 1024);
  points.usedMemory.push(now, 900 * 1024);
  const spec = cacheChartSpec('memory', { points, palette: chartPalettes.dark, from: now - 60_000, to: now, hitRateAlert: 0.8, slider: false, buckets: 100 });
  const option = timeSeriesChartOption(spec) as { yAxis: { interval?: number; max?: number; axisLabel: { formatter: (v: number) => string } } };
  expect(option.yAxis).toMatchObject({ interval: 200 * 1024, max: 1_000 * 1024 });
  expect(option.yAxis.axisLabel.formatter(400 * 1024)).toBe('400 KB');
  expect(timeSeriesChartUpdate(spec)).toMatchObject({ yAxis: { interval: 200 * 1024, max: 1_000 * 1024 } });
});
