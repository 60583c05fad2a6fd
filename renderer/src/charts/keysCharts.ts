import type { EChartsCoreOption } from 'echarts/core';
import type { KeysAnalysis, TtlHistogram } from '../../../shared/contracts/keysAnalysis';
import { formatCount } from '../../../shared/formatLag';
import { formatBytes } from '../../../shared/formatUnits';
import type { ThemeColors } from './themeColors';

/** A rectangle of the namespace treemap: memory is its area. */
export interface TreemapNode {
  name: string;
  /** The full prefix, for the tooltip. */
  path: string;
  value: number;
  keys: number;
  noTtl: number;
  children?: TreemapNode[];
}

/**
 * The namespace tree as the treemap draws it: each node's children, plus one rectangle for
 * what a node holds beyond its children (keys directly in it, sub-namespaces folded away), so
 * every parent's area is exactly its memory. Keys in no namespace and folded top-level
 * namespaces are rectangles of their own.
 */
export function namespaceTreemap(analysis: Pick<KeysAnalysis, 'namespaces' | 'unnamespaced' | 'otherNamespaces' | 'delimiter'>): TreemapNode[] {
  const children = new Map<string | null, KeysAnalysis['namespaces']>();
  for (const node of analysis.namespaces) {
    const siblings = children.get(node.parent);
    if (siblings) siblings.push(node);
    else children.set(node.parent, [node]);
  }
  const build = (node: KeysAnalysis['namespaces'][number]): TreemapNode => {
    const kids = (children.get(node.namespace) ?? []).map(build);
    const base: TreemapNode = {
      name: node.parent === null ? node.namespace : node.namespace.slice(node.parent.length + analysis.delimiter.length),
      path: node.namespace,
      value: node.memory,
      keys: node.keys,
      noTtl: node.noTtl,
    };
    if (kids.length === 0) return base;
    const restMemory = node.memory - kids.reduce((sum, k) => sum + k.value, 0);
    const restKeys = node.keys - kids.reduce((sum, k) => sum + k.keys, 0);
    if (restMemory > 0) kids.push({ name: '(rest)', path: `${node.namespace} (keys not in a listed sub-namespace)`, value: restMemory, keys: restKeys, noTtl: 0 });
    return { ...base, children: kids };
  };
  const roots = (children.get(null) ?? []).map(build);
  const { unnamespaced, otherNamespaces } = analysis;
  if (unnamespaced.memory > 0) roots.push({ name: '(no namespace)', path: 'keys without a delimiter', value: unnamespaced.memory, keys: unnamespaced.keys, noTtl: unnamespaced.noTtl });
  if (otherNamespaces.memory > 0) roots.push({ name: '(other)', path: 'namespaces folded away', value: otherNamespaces.memory, keys: otherNamespaces.keys, noTtl: 0 });
  return roots;
}

/** The themed tooltip every chart of ours uses. */
export function tooltip(colors: ThemeColors) {
  return {
    confine: true,
    backgroundColor: colors.raised,
    borderColor: colors.border,
    textStyle: { color: colors.text, fontSize: 12 },
  };
}

/** HTML of a tooltip line: names come from key bytes, so they are escaped. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Memory by namespace, nested rectangles; a click zooms into a namespace. */
export function namespaceTreemapOption(analysis: KeysAnalysis, colors: ThemeColors): EChartsCoreOption {
  return {
    animation: false,
    tooltip: {
      ...tooltip(colors),
      formatter: (info: { data: TreemapNode }) => {
        const d = info.data;
        const noTtl = d.noTtl > 0 ? `<br>${formatCount(d.noTtl)} without TTL` : '';
        return `<b>${escapeHtml(d.path)}</b><br>${formatBytes(d.value)} · ${formatCount(d.keys)} keys${noTtl}`;
      },
    },
    series: [
      {
        type: 'treemap',
        name: 'all keys',
        data: namespaceTreemap(analysis),
        top: 28,
        left: 0,
        right: 0,
        bottom: 0,
        roam: false,
        nodeClick: 'zoomToNode',
        leafDepth: 2,
        breadcrumb: { top: 0, left: 0, height: 20, itemStyle: { color: colors.raised, borderColor: colors.border, textStyle: { color: colors.text } } },
        label: { fontSize: 11, overflow: 'truncate' },
        upperLabel: { show: true, height: 18, fontSize: 11, color: colors.text },
        itemStyle: { borderColor: colors.raised, borderWidth: 1, gapWidth: 1 },
        // Level 0 is the root, already named by the breadcrumb.
        levels: [
          { upperLabel: { show: false }, itemStyle: { borderWidth: 2, gapWidth: 2, borderColor: colors.raised } },
          { colorSaturation: [0.35, 0.6] },
        ],
      },
    ],
  };
}

/** Short enough for eight labels side by side on a narrow chart. */
const bucketLabels: Record<TtlHistogram[number]['bucket'], string> = {
  none: 'none',
  lt1m: '<1m',
  '1m-10m': '1–10m',
  '10m-1h': '10m–1h',
  '1h-6h': '1–6h',
  '6h-24h': '6–24h',
  '1d-7d': '1–7d',
  gt7d: '>7d',
};

/** Keys per TTL bucket; keys without a TTL in the warning colour. */
export function ttlHistogramOption(histogram: TtlHistogram, colors: ThemeColors): EChartsCoreOption {
  const axisLabel = { color: colors.muted, fontSize: 11 };
  return {
    animation: false,
    grid: { left: 56, right: 12, top: 16, bottom: 24 },
    tooltip: { ...tooltip(colors), trigger: 'axis', valueFormatter: (value: unknown) => `${formatCount(Number(value))} keys` },
    xAxis: {
      type: 'category',
      data: histogram.map((b) => bucketLabels[b.bucket]),
      axisLabel: { ...axisLabel, interval: 0 },
      axisLine: { lineStyle: { color: colors.border } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      minInterval: 1,
      axisLabel: { ...axisLabel, formatter: (value: number) => formatCount(value) },
      splitLine: { lineStyle: { color: colors.border, opacity: 0.6 } },
    },
    series: [
      {
        type: 'bar',
        name: 'keys',
        barMaxWidth: 42,
        data: histogram.map((b) => ({ value: b.keys, itemStyle: { color: b.bucket === 'none' ? colors.warn : colors.accent } })),
      },
    ],
  };
}
