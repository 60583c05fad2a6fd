import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { freePort, ThrowawayRedis } from '../integration/support/throwawayRedis';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { startDemoPipeline } from './support/demoPipeline';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ThrowawayRedis;
let redis: Redis;
let demo: Awaited<ReturnType<typeof startDemoPipeline>>;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const endpoints = inject('endpoints');
  // A Redis of the suite's own: the demo's keys, a few of ours, and a bulk to cancel.
  server = new ThrowawayRedis(await freePort(), ['--enable-debug-command', 'yes']);
  await server.start();
  redis = new Redis(server.url);
  const seed = redis.pipeline();
  for (let i = 0; i < 40; i++) seed.hset(`config:feature:${i}`, 'on', '1');
  seed.set(Buffer.from([0xff, 0x3a, 0x0a]), 'b'.repeat(20_000));
  seed.set('report:2026:big', 'y'.repeat(50_000));
  await seed.exec();
  // Serve first: its start is then not slowed by the demo's two processes starting beside it.
  serve = await startServe({ REDIS_URL: server.url });
  demo = await startDemoPipeline({ ...endpoints, redisUrl: server.url }, ['--reads', '200', '--writes', '20', '--keys', '300', '--stampede-every', '0']);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await demo?.stop();
  redis?.disconnect();
  await server?.kill();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

test('the Keys view analyses the keyspace: progress, treemap, TTL histogram, tables; cancel stops a scan', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  await page.locator('[data-testid="keys-risk-tile"]').waitFor();
  await page.click('[data-testid="keys-risk-tile-open"]');
  await page.locator('[data-testid="keys-none"]').waitFor({ timeout: 15_000 }).catch(async (err: unknown) => {
    await shot(page, 'keys-debug');
    throw err;
  });
  // Some demo keys first: the read-through fills the cache.
  await expect.poll(async () => redis.dbsize(), { timeout: 30_000 }).toBeGreaterThan(150);

  // Sessions about to expire, set just before the analysis so that they are still there.
  for (let i = 0; i < 15; i++) await redis.set(`session:${i}`, 'x'.repeat(200), 'PX', 40_000 + i * 1_000);

  await page.click('[data-testid="keys-analyze"]');
  await page.locator('[data-testid="keys-treemap"] canvas').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="keys-ttl-histogram"] canvas').waitFor();
  expect(await page.locator('[data-testid="keys-analysed-at"]').textContent()).toMatch(/^Analysed (just now|\d+ s ago)/);
  expect(Number((await page.locator('[data-testid="keys-figure-keys"] [data-testid="metric-value"]').textContent())!.replace(/,/g, ''))).toBeGreaterThan(150);
  await expect.poll(() => page.locator('[data-testid="keys-biggest"] tbody tr').first().textContent()).toContain('report:2026:big');
  // A binary name, shown with the one escaping (shared/keyName.ts).
  expect(await page.locator('[data-testid="keys-biggest"] tbody tr').nth(1).textContent()).toContain('\\xff:\\x0a');
  expect(await page.locator('[data-testid="keys-expiring"] tbody tr').count()).toBeGreaterThan(0);
  expect(await page.locator('[data-testid="keys-no-ttl"]').textContent()).toContain('config:feature');

  if ((await page.locator('html').getAttribute('data-theme')) !== 'dark') await page.click('[data-testid="theme-toggle"]');
  await page.waitForTimeout(500);
  await shot(page, 'keys-dark');
  await page.click('[data-testid="theme-toggle"]');
  await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('light');
  await page.waitForTimeout(500);
  await shot(page, 'keys-light');

  // A keyspace big enough to cancel in the middle of its scan.
  await redis.call('DEBUG', 'POPULATE', '400000', 'bulk');
  await page.click('[data-testid="keys-analyze"]');
  await expect.poll(() => page.locator('[data-testid="keys-progress-text"]').textContent(), { timeout: 15_000 }).toMatch(/of [\d,]+ keys analysed/);
  await shot(page, 'keys-progress-light');
  await page.click('[data-testid="keys-cancel"]');
  const outcome = page.locator('[data-testid="keys-outcome"]');
  await outcome.waitFor({ timeout: 10_000 });
  expect(await outcome.getAttribute('data-state')).toBe('cancelled');
  expect(await outcome.textContent()).toMatch(/Cancelled after [\d,]+ keys/);
  // The figures are still the last complete analysis.
  expect(Number((await page.locator('[data-testid="keys-figure-keys"] [data-testid="metric-value"]').textContent())!.replace(/,/g, ''))).toBeLessThan(400_000);

  // The Overview shows the TTL-vs-lag tile with the analysis.
  await page.goto(`${serve.url}#/overview`);
  await expect.poll(() => page.locator('[data-testid="keys-risk-tile"]').textContent()).toMatch(/analysed .* keys/);
  await page.click('[data-testid="theme-toggle"]');
  await page.waitForTimeout(500);
  await shot(page, 'overview-keys-tile-dark');
});
