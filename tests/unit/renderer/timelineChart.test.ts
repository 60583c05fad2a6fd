import { expect, test } from 'vitest';
import type { TimelineEvent } from '../../../shared/contracts/timeline';
import { timelineChartOption } from '../../../renderer/src/charts/timelineChart';
import type { ThemeColors } from '../../../renderer/src/charts/themeColors';

const colors: ThemeColors = { text: '#fff', muted: '#888', border: '#333', raised: '#111', accent: '#00f', ok: '#0f0', warn: '#fa0', bad: '#f00' };
const event = (id: string, kind: TimelineEvent['kind'], severity: TimelineEvent['severity'], title = id): TimelineEvent => ({ id, kind, at: 1_000, severity, title, detail: null, route: '/', source: 's' });
const series = { stepMs: 1_000, points: [[0, 0.5], [1_000, null]] as [number, number | null][] };

test('events in lanes of the kinds shown, coloured by severity, tooltips as text; one zoom for every grid', () => {
  const option = timelineChartOption({
    from: 0,
    to: 2_000,
    events: [event('a', 'service', 'critical', '<img src=x onerror=alert(1)>'), event('b', 'action', 'info'), event('c', 'hitRate', 'ok')],
    kinds: ['service', 'hitRate'],
    series: { hitRate: series, usedMemory: series, evictedPerSec: series, totalLag: series, dlqDepth: series },
    selectedId: 'c',
    colors,
  }) as { series: { data: { id: string; value: [number, string]; itemStyle: { color: string }; tip: string; symbolSize: number }[] }[]; yAxis: { data?: string[] }[]; dataZoom: { xAxisIndex: number[] }[] };
  const markers = option.series[0]!.data;
  expect(markers.map((m) => [m.id, m.value[1], m.itemStyle.color])).toEqual([['a', 'Services', '#f00'], ['c', 'Hit rate', '#0f0']]);
  expect(markers[0]!.tip).not.toContain('<img');
  expect(markers[1]!.symbolSize).toBeGreaterThan(markers[0]!.symbolSize);
  expect(option.yAxis[0]!.data).toEqual(['Hit rate', 'Services']);
  expect(option.dataZoom.every((z) => z.xAxisIndex.join() === '0,1,2')).toBe(true);
});
