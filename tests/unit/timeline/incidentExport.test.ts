import { describe, expect, test } from 'vitest';
import type { IncidentBundle, TimelineEvent } from '../../../shared/contracts/timeline';
import { escapeHtml, incidentHtml, jsonForScriptBlock } from '../../../electron/main/core/analysis/incidentHtml';
import { incidentChartSpecs, renderIncidentCharts } from '../../../electron/main/core/timeline/incidentCharts';
import { incidentFileName } from '../../../electron/main/core/timeline/incidentExport';

const t0 = 1_764_600_000_000;
const hostile = '</script><script>alert(1)</script><!--';
const series = (points: [number, number | null][]) => ({ stepMs: 1_000, points });
const event = (title: string, at: number): TimelineEvent => ({ id: `e-${at}`, kind: 'annotation', at, severity: 'warning', title, detail: hostile, route: '/timeline', source: 'you' });

const bundle: IncidentBundle = {
  format: 'cachescope-incident/1',
  exportedAt: t0 + 120_000,
  app: { name: 'CacheScope', version: '0.1.0' },
  profile: { id: 'p', name: `<b>${hostile}`, environment: 'staging' },
  window: { from: t0, to: t0 + 60_000 },
  series: {
    hitRate: series([[t0, 0.9], [t0 + 30_000, null], [t0 + 60_000, 0.5]]),
    usedMemory: series([[t0, 1_000_000], [t0 + 60_000, 2_000_000]]),
    evictedPerSec: series([[t0, 0], [t0 + 60_000, 4]]),
    totalLag: series([[t0, 10], [t0 + 60_000, 0]]),
    dlqDepth: series([[t0, 0], [t0 + 60_000, 2]]),
  },
  events: [event(hostile, t0 + 10_000)],
  audit: [],
  keyComparisons: [],
};

describe('the incident HTML', () => {
  test('no value can break out of its element or the JSON block, and the JSON reads back whole', () => {
    const html = incidentHtml(bundle, [{ title: 'Hit rate', svg: '<svg></svg>' }]);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the JSON block and the save script, nothing else
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<!--');
    const json = /<script type="application\/json" id="incident-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(bundle);
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(jsonForScriptBlock('</script>')).toBe('"\\u003c/script>"');
  });

  test('no fetch is possible: a policy forbids every source but the file itself', () => {
    const html = incidentHtml(bundle, []);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/\bsrc="http/);
  });

  test('the charts render to SVG on the server, with the events as marks', async () => {
    const charts = await renderIncidentCharts(incidentChartSpecs(bundle));
    expect(charts.map((c) => c.title)).toEqual(['Hit rate', 'Write-behind lag and dead letters', 'Memory and evictions']);
    for (const chart of charts) {
      expect(chart.svg.startsWith('<svg')).toBe(true);
      expect(chart.svg).toContain('<path');
    }
    // The warning note's mark: a dashed line in the warning colour.
    expect(charts[0]!.svg).toMatch(/stroke="#9a6700"[^>]*stroke-dasharray|stroke-dasharray[^>]*stroke="#9a6700"/);
  });

  test('file names say the profile and the start, and nothing a file system refuses', () => {
    expect(incidentFileName('prod/eu:1', Date.UTC(2026, 11, 1, 21, 30))).toBe('incident-prod_eu_1-2026-12-01-21-30.html');
  });
});
