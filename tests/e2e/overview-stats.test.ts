import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { freePort, ThrowawayRedis } from '../integration/support/throwawayRedis';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { startDemoPipeline } from './support/demoPipeline';
import { startServe, type ServeProcess } from './support/serveProcess';

let redis: ThrowawayRedis;
let demo: Awaited<ReturnType<typeof startDemoPipeline>>;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const endpoints = inject('endpoints');
  // A Redis of the suite's own: the demo's hit rates and namespaces are then the only ones in it.
  redis = new ThrowawayRedis(await freePort());
  await redis.start();
  demo = await startDemoPipeline({ ...endpoints, redisUrl: redis.url }, ['--reads', '200', '--writes', '20', '--keys', '300', '--stampede-every', '0']);
  serve = await startServe({ REDIS_URL: redis.url });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await demo?.stop();
  await redis?.kill();
});

const tileValue = (page: import('playwright-core').Page, tile: string) =>
  page.locator(`[data-testid="${tile}"] [data-testid="metric-value"]`).textContent();

test('the Overview shows hit rate, ops/s, memory and evictions live, on charts with a range picker', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  await page.locator('[data-testid="tile-redis"][data-state="ok"]').waitFor({ timeout: 30_000 });
  // The demo reads through the cache: a hit rate appears once a few intervals have passed.
  await expect.poll(() => tileValue(page, 'tile-hit-rate'), { timeout: 30_000 }).toMatch(/^\d+\.\d %$/);
  await expect.poll(() => tileValue(page, 'tile-ops'), { timeout: 10_000 }).toMatch(/^[\d,.]+$/);
  expect(await tileValue(page, 'tile-memory')).toMatch(/\d (KB|MB)$/);
  expect(await page.locator('[data-testid="tile-hit-rate"]').getAttribute('data-state')).toMatch(/ok|bad/);
  await expect.poll(() => page.locator(`[data-testid="node-127.0.0.1:${redis.port}"]`).textContent()).toContain('master');

  for (const chart of ['hitRate', 'opsPerSec', 'memory', 'evictions']) {
    expect(await page.locator(`[data-testid="chart-${chart}"] canvas`).count()).toBeGreaterThan(0);
  }
  // Values keep arriving without a reload.
  const before = await page.locator('[data-testid="tile-hit-rate"] .detail').textContent();
  await expect.poll(() => page.locator('[data-testid="tile-hit-rate"] .detail').textContent(), { timeout: 10_000 }).not.toBe(before);

  await page.click('[data-testid="range-5m"]');
  expect(await page.locator('[data-testid="range-5m"]').getAttribute('aria-pressed')).toBe('true');
  // Every chart is redrawn as samples arrive (each on an animation frame of its own).
  for (const chart of ['hitRate', 'opsPerSec', 'memory', 'evictions']) {
    const drawnTo = async () => Number(await page.locator(`[data-testid="chart-${chart}"] [data-drawn-to]`).getAttribute('data-drawn-to'));
    const first = await drawnTo();
    await expect.poll(drawnTo, { timeout: 10_000 }).toBeGreaterThan(first);
  }
  // Some history on the charts: the demo's cold start, its hit rate climbing as keys are cached.
  await page.waitForTimeout(15_000);
  const theme = await page.locator('html').getAttribute('data-theme');
  await page.screenshot({ path: join(screenshotDir, `overview-stats-${theme}.png`), fullPage: true });
  // The charts follow the theme (their colours are values, not CSS variables).
  await page.click('[data-testid="theme-toggle"]');
  const other = theme === 'dark' ? 'light' : 'dark';
  await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(other);
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: join(screenshotDir, `overview-stats-${other}.png`), fullPage: true });
  await page.click('[data-testid="theme-toggle"]');

  // Zooming one chart zooms them all; the data follows the zoom; a button brings the range back.
  await page.hover('[data-testid="chart-opsPerSec"] canvas');
  await page.mouse.wheel(0, -600);
  await page.locator('[data-testid="reset-zoom"]').waitFor({ timeout: 5_000 });
  await page.click('[data-testid="reset-zoom"]');
  await expect.poll(() => page.locator('[data-testid="reset-zoom"]').count()).toBe(0);

  await page.click('[data-testid="range-24h"]');
  expect(await page.locator('[data-testid="range-24h"]').getAttribute('aria-pressed')).toBe('true');
  await page.close();
});

test('the Cache view lists namespaces and databases, and the alert level colours the tile', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  await page.click('[data-testid="nav-cache"]');
  await expect.poll(() => page.locator('main h1').textContent()).toBe('Cache');
  await expect.poll(() => page.locator('[data-testid="namespace-table"]').textContent(), { timeout: 30_000 }).toMatch(/product[\s\S]*user/);
  await expect.poll(() => page.locator('[data-testid="keyspace-table"]').textContent()).toContain('db0');
  await expect.poll(() => tileValue(page, 'tile-hit-rate'), { timeout: 30_000 }).toMatch(/^\d+\.\d %$/);

  // Above the demo's hit rate, the alert fires: the tile turns red, the chart marks the level.
  await page.fill('[data-testid="hit-rate-alert"]', '99');
  await page.locator('[data-testid="hit-rate-alert"]').dispatchEvent('change');
  const rate = Number((await tileValue(page, 'tile-hit-rate'))!.replace(' %', ''));
  await expect
    .poll(() => page.locator('[data-testid="tile-hit-rate"]').getAttribute('data-state'))
    .toBe(rate < 99 ? 'bad' : 'ok');
  await page.click('[data-testid="range-5m"]');
  await page.waitForTimeout(2_000);
  await page.screenshot({ path: join(screenshotDir, 'cache-view.png'), fullPage: true });

  // Out of range is refused with a message, not silently reverted; decimals are kept as typed.
  await page.fill('[data-testid="hit-rate-alert"]', '150');
  await page.locator('[data-testid="hit-rate-alert"]').dispatchEvent('change');
  expect(await page.locator('[data-testid="hit-rate-alert-error"]').textContent()).toContain('out of range');
  await page.fill('[data-testid="hit-rate-alert"]', '97.5');
  await page.locator('[data-testid="hit-rate-alert"]').dispatchEvent('change');
  await expect.poll(() => page.locator('[data-testid="hit-rate-alert-error"]').count()).toBe(0);
  expect(await page.locator('[data-testid="hit-rate-alert"]').inputValue()).toBe('97.5');

  // Back to the default, which the browser keeps for the next pages.
  await page.fill('[data-testid="hit-rate-alert"]', '1');
  await page.locator('[data-testid="hit-rate-alert"]').dispatchEvent('change');
  await expect.poll(() => page.locator('[data-testid="tile-hit-rate"]').getAttribute('data-state')).toBe('ok');
  await page.fill('[data-testid="hit-rate-alert"]', '80');
  await page.locator('[data-testid="hit-rate-alert"]').dispatchEvent('change');
  await page.close();
});

test('Redis going away shows its error and the charts resume when it is back', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  await expect.poll(() => tileValue(page, 'tile-ops'), { timeout: 30_000 }).toMatch(/^[\d,.]+$/);
  await redis.kill();
  await expect.poll(() => page.locator('[data-testid="stats-error"]').textContent(), { timeout: 15_000 }).toContain('connection refused');
  expect(await tileValue(page, 'tile-hit-rate')).toBe('—');
  await redis.start();
  await expect.poll(() => page.locator('[data-testid="stats-error"]').count(), { timeout: 30_000 }).toBe(0);
  await expect.poll(() => tileValue(page, 'tile-ops'), { timeout: 15_000 }).toMatch(/^[\d,.]+$/);
  // Memory is read again as soon as the node is back, not at the next level interval.
  await expect.poll(() => tileValue(page, 'tile-memory'), { timeout: 5_000 }).toMatch(/B$/);
  await page.waitForTimeout(3_000);
  await page.screenshot({ path: join(screenshotDir, 'overview-stats-after-outage.png'), fullPage: true });
  await page.close();
});
