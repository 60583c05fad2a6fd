import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const profilesDir = mkdtempSync(join(tmpdir(), 'cachescope-e2e-profiles-'));

beforeAll(async () => {
  const endpoints = inject('endpoints');
  server = new ThrowawayRedis(await freePort());
  await server.start();
  redis = new Redis(server.url);
  demo = await startDemoPipeline({ ...endpoints, redisUrl: server.url }, ['--reads', '100', '--writes', '10', '--keys', '300', '--stampede-every', '0']);
  const { names } = demo;
  const writeBehind = { queueTopic: names.queueTopic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic, flusherGroup: names.group };
  const common = { redis: { url: server.url }, postgres: { url: endpoints.databaseUrl }, kafka: { brokers: endpoints.kafkaBrokers }, writeBehind };
  const file = join(profilesDir, 'profiles.json');
  writeFileSync(
    file,
    JSON.stringify({
      profiles: [
        { id: 'local', name: 'Local demo', environment: 'development', ...common },
        { id: 'prod', name: 'Production EU', environment: 'production', ...common },
      ],
    }),
    { mode: 0o600 },
  );
  serve = await startServe({ CACHESCOPE_PROFILES: file });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await demo?.stop();
  redis?.disconnect();
  await server?.kill();
  rmSync(profilesDir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });
async function setTheme(page: Page, wanted: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== wanted) await page.click('[data-testid="theme-toggle"]');
}

test('invalidate: preview, typed confirmation, progress, exact result; the audit view lists it; a production profile is read-only', { timeout: 600_000 }, async () => {
  const pipeline = redis.pipeline();
  for (let i = 0; i < 400; i++) pipeline.set(`session:${i}`, JSON.stringify({ user: i }));
  pipeline.set('session-keep', 'x');
  await pipeline.exec();

  const page = await browser.context.newPage();
  await page.goto(serve.url);
  await setTheme(page, 'dark');
  await page.click('[data-testid="nav-invalidate"]');
  await expect.poll(() => page.locator('[data-testid="app-header"]').getAttribute('data-environment'), { timeout: 20_000 }).toBe('development');

  // The demo's namespace: its read rate and hit rate make the blast radius (no exact count: the demo keeps filling it).
  await page.fill('[data-testid="pattern-input"]', 'product:*');
  await page.click('[data-testid="preview-button"]');
  await expect.poll(() => page.locator('[data-testid="preview-count-label"]').textContent(), { timeout: 60_000 }).toBe('keys match (exact)');
  await shot(page, 'invalidate-blast-radius-dark');

  await page.fill('[data-testid="pattern-input"]', 'session:*');
  await page.click('[data-testid="preview-button"]');
  await expect.poll(() => page.locator('[data-testid="preview-count-label"]').textContent(), { timeout: 30_000 }).toBe('keys match (exact)');
  expect(await page.locator('[data-testid="preview-count"]').textContent()).toBe('400');
  expect(await page.locator('[data-testid="preview-sample"] li').count()).toBe(20);
  expect(await redis.dbsize()).toBeGreaterThanOrEqual(401);
  // 400 is above the default 100: the pattern must be typed.
  expect(await page.locator('[data-testid="delete-button"]').isDisabled()).toBe(true);
  await page.fill('[data-testid="confirm-input"]', 'session:');
  expect(await page.locator('[data-testid="delete-button"]').isDisabled()).toBe(true);
  await page.fill('[data-testid="confirm-input"]', 'session:*');
  await shot(page, 'invalidate-preview-dark');

  await page.click('[data-testid="delete-button"]');
  await page.locator('[data-testid="delete-result"][data-state="succeeded"]').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-testid="result-deleted"]').textContent()).toBe('400');
  expect(await page.locator('[data-testid="result-matched"]').textContent()).toBe('400');
  expect(await redis.exists('session:0', 'session:399', 'session-keep')).toBe(1);
  await shot(page, 'invalidate-result-dark');
  await setTheme(page, 'light');
  await shot(page, 'invalidate-result-light');

  // A larger deletion shows its progress bar with a Cancel button while it runs.
  const big = redis.pipeline();
  for (let i = 0; i < 60_000; i++) big.set(`bulk:${i}`, 'x');
  await big.exec();
  await page.fill('[data-testid="pattern-input"]', 'bulk:*');
  await page.click('[data-testid="preview-button"]');
  await expect.poll(() => page.locator('[data-testid="preview-count-label"]').textContent(), { timeout: 60_000 }).toBe('keys match (exact)');
  await page.fill('[data-testid="confirm-input"]', 'bulk:*');
  await page.click('[data-testid="delete-button"]');
  await page.locator('[data-testid="delete-result"]').waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-testid="delete-progress"]').getAttribute('data-state')).toBe('succeeded');
  expect(await page.locator('[data-testid="result-deleted"]').textContent()).toBe('60,000');

  await page.click('[data-testid="nav-audit"]');
  await page.locator('[data-testid="audit-row"]').first().waitFor({ timeout: 10_000 });
  const rows = await page.locator('[data-testid="audit-row"]').allTextContents();
  expect(rows[0]).toContain('keys.invalidate');
  expect(rows[0]).toContain('bulk:*');
  expect(rows[1]).toContain('session:*');
  expect(rows.every((r) => r.includes('ok'))).toBe(true);
  await shot(page, 'audit-light');
  await setTheme(page, 'dark');
  await shot(page, 'audit-dark');
  const download = page.waitForEvent('download');
  await page.click('[data-testid="audit-export-csv"]');
  expect((await download).suggestedFilename()).toMatch(/^cachescope-audit-.*\.csv$/);

  // The production profile: red stripe, read-only badge, every control disabled with the reason.
  await page.selectOption('[data-testid="profile-switcher"]', 'prod');
  await expect.poll(() => page.locator('[data-testid="app-header"]').getAttribute('data-environment'), { timeout: 20_000 }).toBe('production');
  await page.click('[data-testid="nav-invalidate"]');
  await page.locator('[data-testid="readonly-reason"]').waitFor();
  expect(await page.locator('[data-testid="danger-confirm"]').isDisabled()).toBe(true);
  expect(await page.locator('[data-testid="flush-db"]').isDisabled()).toBe(true);
  await page.fill('[data-testid="pattern-input"]', 'session*');
  await page.click('[data-testid="preview-button"]');
  await expect.poll(() => page.locator('[data-testid="preview-count-label"]').textContent(), { timeout: 30_000 }).toBe('keys match (exact)');
  expect(await page.locator('[data-testid="delete-button"]').isDisabled()).toBe(true);
  await shot(page, 'invalidate-readonly-dark');
  await setTheme(page, 'light');
  await shot(page, 'invalidate-readonly-light');
  expect(await redis.exists('session-keep')).toBe(1);
});
