/**
 * Charts with a day of 1 s data: the Overview's four charts (6 series) with 86,400 points
 * each, rendered in Chromium by the app's own option builders; then the core's memory for a
 * full day of history in 50 series.
 *
 *   npm run bench:charts
 *
 * Targets: first render ≤ 300 ms, a live update (one point per series, each second) ≤ 16 ms.
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sirv from 'sirv';
import { build } from 'vite';
import { MetricsHistory } from '../electron/main/core/history/metricsHistory';
import { queryStatsHistory, recordInterval } from '../electron/main/core/history/statsSeries';
import { openBrowser } from '../tests/e2e/support/browser';
import type { ChartBench, FirstRender, LiveUpdate } from './chart-page/chartBench';

const pointsPerSeries = 86_400;
const updates = 60;
const appSeconds = 300;

/** page.evaluate bodies run in the page, where chart-page/main.browser.ts set this. */
type BenchGlobal = { chartBench: ChartBench };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function chartTimes(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'cachescope-bench-charts-'));
  await build({ root: join(import.meta.dirname, 'chart-page'), base: './', logLevel: 'silent', configFile: false, build: { outDir, emptyOutDir: true } });
  // sirv lists the folder when created: after the build.
  const assets = sirv(outDir, { dev: false });
  const server = createServer((req, res) =>
    assets(req, res, () => {
      res.writeHead(404).end();
    }),
  );
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const browser = await openBrowser({ width: 1200, height: 520 });
    const { context } = browser;
    try {
      const firstRenders: FirstRender[] = [];
      const liveUpdates: LiveUpdate[] = [];
      const appTimes: number[] = [];
      // Three fresh pages: the first render is a one-off per page, so it is measured a few times.
      for (let run = 0; run < 3; run++) {
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/index.html`);
        await page.waitForFunction(() => 'chartBench' in globalThis);
        firstRenders.push(await page.evaluate((n) => (globalThis as unknown as BenchGlobal).chartBench.render(n), pointsPerSeries));
        if (run === 0) {
          const series = await page.evaluate(() => (globalThis as unknown as BenchGlobal).chartBench.seriesCount());
          console.log(`${series} series × ${pointsPerSeries.toLocaleString('en-US')} points in 4 charts (Chromium ${context.browser()?.version() ?? ''})`);
          for (let i = 0; i < updates; i++) {
            liveUpdates.push(await page.evaluate(() => (globalThis as unknown as BenchGlobal).chartBench.update(true)));
          }
          // As the app runs: a day on 600 columns moves one column every 144 s.
          for (let i = 0; i < appSeconds; i++) {
            appTimes.push((await page.evaluate(() => (globalThis as unknown as BenchGlobal).chartBench.update(false))).totalMs);
          }
        }
        await page.close();
      }
      const renderTimes = firstRenders.map((r) => r.totalMs);
      const updateTimes = liveUpdates.map((u) => u.totalMs);
      console.log(`first render:  median ${percentile(renderTimes, 0.5).toFixed(0)} ms of ${renderTimes.map((t) => t.toFixed(0)).join(', ')} (target ≤ 300 ms)`);
      const step = (name: keyof FirstRender) => `${percentile(firstRenders.map((r) => r[name]), 0.5).toFixed(0)} ms`;
      console.log(
        `  medians of its steps: options (the day reduced to 600 columns a chart) ${step('optionsMs')}, init ${step('initMs')}, ` +
          `setOption ${step('setOptionMs')}, paint ${step('paintMs')}`,
      );
      console.log(`taking the day's history in (pairs from the wire into columns, once per range, before the render): median ${step('historyMs')}`);
      console.log(
        `live update:   median ${percentile(updateTimes, 0.5).toFixed(1)} ms, p95 ${percentile(updateTimes, 0.95).toFixed(1)} ms over ${updates} seconds, the 4 charts back to back (target ≤ 16 ms)`,
      );
      const updateStep = (name: keyof LiveUpdate) => `${percentile(liveUpdates.map((u) => u[name]), 0.5).toFixed(1)} ms`;
      console.log(`  medians of its steps: options ${updateStep('optionsMs')}, setOption ${updateStep('setOptionMs')}, paint ${updateStep('paintMs')}`);
      const longest = liveUpdates.map((u) => u.longestChartMs);
      console.log(
        `  one chart a frame, as the app redraws: the longest frame median ${percentile(longest, 0.5).toFixed(1)} ms, ` +
          `p95 ${percentile(longest, 0.95).toFixed(1)} ms (target ≤ 16 ms)`,
      );
      const redraws = appTimes.filter((t) => t > 0.5);
      console.log(
        `as the app runs: ${(appTimes.reduce((a, b) => a + b, 0) / appSeconds).toFixed(2)} ms per second on average over ${appSeconds} s ` +
          `(${redraws.length} seconds with a redraw, the others skipped as sub-pixel)`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

function heapBytes(): number {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** A day of 1 s samples into 50 series (10 samplers' worth of the five rate series). */
function historyMemory(): void {
  const seriesCount = 50;
  const before = heapBytes();
  const history = new MetricsHistory();
  const start = 1_800_000_000_000;
  const appendStarted = performance.now();
  for (let s = 0; s < pointsPerSeries; s++) {
    for (let i = 0; i < seriesCount; i++) history.append(`series${i}`, 1_000, start + s * 1_000, Math.random() * 1_000);
  }
  const appendMs = performance.now() - appendStarted;
  const after = heapBytes();
  const now = start + (pointsPerSeries - 1) * 1_000;
  // What the Overview asks for at 24 h: the stats series at 10 s.
  const stats = new MetricsHistory();
  for (let s = 0; s < pointsPerSeries; s++) {
    recordInterval(stats, start + s * 1_000, 1_000, { hits: 9, misses: 1, hitsPerSec: 9, missesPerSec: 1, opsPerSec: 20, evictedPerSec: 0, expiredPerSec: 1 });
  }
  const queryStarted = performance.now();
  const day = queryStatsHistory(stats, { profileId: 'bench', namespaces: [], from: now - 86_400_000, to: now, now, intervalMs: 1_000, levelIntervalMs: 15_000 });
  const json = JSON.stringify(day);
  const queryMs = performance.now() - queryStarted;
  console.log(
    `core history: ${seriesCount} series × a day of 1 s samples = ${((after - before) / 2 ** 20).toFixed(1)} MB ` +
      `(${history.size.toLocaleString('en-US')} doubles in fixed rings; ${((appendMs * 1e6) / (pointsPerSeries * seriesCount)).toFixed(0)} ns per append)` +
      `${globalThis.gc ? '' : ' — run with --expose-gc for exact figures'}`,
  );
  console.log(`history answer for 24 h: ${(json.length / 1024).toFixed(0)} KB of JSON, built in ${queryMs.toFixed(0)} ms`);
}

async function main(): Promise<void> {
  historyMemory();
  await chartTimes();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
