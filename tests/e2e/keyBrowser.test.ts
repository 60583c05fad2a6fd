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
  // A Redis of the suite's own: the demo's keys and ours are the only ones in it.
  server = new ThrowawayRedis(await freePort());
  await server.start();
  redis = new Redis(server.url);
  const pipeline = redis.pipeline();
  for (let i = 0; i < 250; i++) pipeline.set(`seed:${i}`, JSON.stringify({ id: i, name: `seeded ${i}` }), 'EX', 3_600);
  pipeline.set(Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0xff, 0x00, 0x0a]), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]));
  pipeline.hset('session:42', { user: 'ada', cart: JSON.stringify([1, 2, 3]), token: Buffer.from([0x00, 0x9f, 0xff]) });
  await pipeline.exec();
  // Serve mode first: it starts faster while the demo's processes are not starting beside it.
  serve = await startServe({ REDIS_URL: server.url });
  demo = await startDemoPipeline({ ...endpoints, redisUrl: server.url }, ['--reads', '100', '--writes', '10', '--keys', '200', '--stampede-every', '0']);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await demo?.stop();
  redis?.disconnect();
  await server?.kill();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });
const rows = (page: Page) => page.locator('[data-testid="key-row"]');

async function search(page: Page, text: string, as: 'glob' | 'literal' | 'hex' = 'glob'): Promise<void> {
  await page.selectOption('[data-testid="key-search-mode"]', as);
  await page.fill('[data-testid="key-search"]', text);
  await page.click('[data-testid="key-search-go"]');
}

test('the key browser searches a pattern, loads more, and opens a key whose TTL counts down', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  if ((await page.locator('html').getAttribute('data-theme')) !== 'dark') await page.click('[data-testid="theme-toggle"]');
  await page.click('[data-testid="nav-keys/browse"]');
  await expect.poll(() => page.locator('main h1').textContent()).toBe('Key browser');

  // A pattern: the first page, then the rest as SCAN continues.
  await search(page, 'seed:*');
  await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(100);
  const status = page.locator('[data-testid="key-page-status"]');
  expect(await status.textContent()).toContain('more to scan');
  const firstPage = await rows(page).count();
  expect(firstPage).toBeLessThan(250);
  while ((await page.locator('[data-testid="key-load-more"]').isEnabled()) && (await rows(page).count()) < 250) {
    const before = await rows(page).count();
    await page.click('[data-testid="key-load-more"]');
    await expect.poll(async () => (await rows(page).count()) > before || (await status.textContent())!.includes('every master scanned'), { timeout: 20_000 }).toBe(true);
  }
  await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('every master scanned');
  expect(await rows(page).count()).toBe(250);
  const names = await page.locator('[data-testid="key-row"] .name').allTextContents();
  expect(new Set(names).size).toBe(250);
  expect(names.every((n) => /^seed:\d+$/.test(n))).toBe(true);

  // A key the demo filled: its TTL counts down, its expiry shows in local time and UTC.
  await search(page, 'product:*');
  await expect.poll(() => rows(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await rows(page).first().click();
  const ttl = page.locator('[data-testid="key-ttl"]');
  await expect.poll(() => ttl.textContent(), { timeout: 10_000 }).toMatch(/^\d+m \d\ds$/);
  const first = await ttl.textContent();
  await expect.poll(() => ttl.textContent(), { timeout: 5_000 }).not.toBe(first);
  expect(await page.locator('[data-testid="key-expires"]').textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d\d:\d\d\s*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
  expect(await page.locator('[data-testid="key-type"]').textContent()).toContain('string');
  expect(await page.locator('[data-testid="key-preview"] [data-format]').first().getAttribute('data-format')).toMatch(/json|text/);
  await shot(page, 'key-browser-string-dark');

  // A binary name, found by its bytes in hex, shown escaped, its value as hex.
  await search(page, 'ff 00', 'hex');
  await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(1);
  expect(await rows(page).first().locator('.name').textContent()).toBe('bin:\\xff\\x00\\x0a');
  await rows(page).first().click();
  await expect.poll(() => page.locator('[data-testid="key-detail-name"]').textContent()).toBe('bin:\\xff\\x00\\x0a');
  await page.click('[data-testid="key-hex-toggle"]');
  expect(await page.locator('[data-testid="key-detail-hex"]').textContent()).toBe('62696e3aff000a');
  expect(await page.locator('[data-testid="key-preview"] [data-format]').getAttribute('data-format')).toBe('hex');
  expect(await page.locator('[data-testid="key-ttl"]').textContent()).toContain('no TTL');
  await shot(page, 'key-browser-binary-dark');

  // A hash: fields and values, JSON and binary among them.
  await search(page, 'session:42', 'literal');
  await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(1);
  await rows(page).first().click();
  await expect.poll(() => page.locator('[data-testid="key-type"]').textContent()).toContain('hash');
  expect(await page.locator('[data-testid="key-preview"] tbody tr').count()).toBe(3);
  await shot(page, 'key-browser-hash-dark');

  await page.click('[data-testid="theme-toggle"]');
  expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
  await shot(page, 'key-browser-hash-light');
  await search(page, 'seed:*');
  await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(100);
  await rows(page).nth(3).click();
  await expect.poll(() => page.locator('[data-testid="key-preview"]').getAttribute('data-kind')).toBe('string');
  await shot(page, 'key-browser-json-light');
  await page.close();
});
