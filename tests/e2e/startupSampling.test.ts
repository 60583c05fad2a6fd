import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, ThrowawayRedis } from '../integration/support/throwawayRedis';
import { openBrowser, type BrowserSession } from './support/browser';
import { startServe, type ServeProcess } from './support/serveProcess';

let redis: ThrowawayRedis;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  redis = new ThrowawayRedis(await freePort());
  await redis.start();
  serve = await startServe({ REDIS_URL: redis.url });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await redis?.kill();
});

// Nobody looks at the dashboard for the first seconds of an incident: serve mode must have been
// sampling all along, and the charts must show what it collected, not one dot at the right edge
// of an empty 15 minutes.
test('serve mode samples before any page opens, and the charts zoom to the data collected so far', async () => {
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  const openedAt = Date.now();
  const page = await browser.context.newPage();
  await page.goto(serve.url);

  const charts = page.locator('[data-testid="stats-charts"][data-first-point-at]');
  await charts.waitFor({ timeout: 30_000 });
  const firstPointAt = Number(await charts.getAttribute('data-first-point-at'));
  expect(firstPointAt).toBeLessThan(openedAt - 10_000);

  // The 15 min range is the default; the axis starts near the first point, not 15 minutes back.
  expect(await page.locator('[data-testid="range-15m"]').getAttribute('aria-pressed')).toBe('true');
  const drawnFrom = () => page.locator('[data-testid="chart-opsPerSec"] [data-drawn-from]').getAttribute('data-drawn-from').then(Number);
  await expect.poll(drawnFrom, { timeout: 10_000 }).toBeGreaterThan(openedAt - 2 * 60_000);
  expect(await drawnFrom()).toBeLessThanOrEqual(firstPointAt);
  await expect(page.locator('[data-testid="collected-note"]').textContent()).resolves.toMatch(/^Showing the [\d.]+ (s|min) collected so far$/);

  await page.close();
});
