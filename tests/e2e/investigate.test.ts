import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { createKafka, createProducer } from '../../demo/kafkaClient';
import { VersionClock } from '../../demo/versionClock';
import { WriteBehindWriter } from '../../demo/writeBehindWriter';
import { waitFor } from '../integration/demo/support';
import { freePort, ThrowawayRedis } from '../integration/support/throwawayRedis';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { demoPipelineNames, startDemoPipeline } from './support/demoPipeline';
import { startServe, type ServeProcess } from './support/serveProcess';

/**
 * Investigate in Chromium against serve mode with the demo pipeline running: a key opened from
 * the key browser, a stale key with its differences marked, a write held back by a slowed
 * flusher (ahead, its pending record listed), a namespace sample with its chart and examples.
 */

const names = demoPipelineNames();
let server: ThrowawayRedis;
let redis: Redis;
let pool: pg.Pool;
let demo: Awaited<ReturnType<typeof startDemoPipeline>>;
let serve: ServeProcess;
let browser: BrowserSession;
let home: string;
const kafka = createKafka(inject('endpoints').kafkaBrokers, `${names.schema}-e2e`, 'nothing');
const producer = createProducer(kafka);

beforeAll(async () => {
  const endpoints = inject('endpoints');
  server = new ThrowawayRedis(await freePort());
  await server.start();
  redis = new Redis(server.url);
  pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
  home = mkdtempSync(join(tmpdir(), 'cachescope-investigate-e2e-'));
  const profile = {
    id: 'local',
    name: 'Demo',
    redis: { url: server.url },
    postgres: { url: endpoints.databaseUrl },
    kafka: { brokers: endpoints.kafkaBrokers },
    writeBehind: { queueTopic: names.queueTopic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic, flusherGroup: names.group },
    namespaces: [
      { keyPattern: 'product:{id}', table: 'products', schema: names.schema },
      { keyPattern: 'user:{id}', table: 'users', schema: names.schema },
    ],
  };
  writeFileSync(join(home, 'profiles.json'), JSON.stringify({ profiles: [profile] }), { mode: 0o600 });
  serve = await startServe({ CACHESCOPE_PROFILES: join(home, 'profiles.json') });
  demo = await startDemoPipeline({ ...endpoints, redisUrl: server.url }, ['--reads', '100', '--writes', '10', '--keys', '200', '--stampede-every', '0'], names);
  await producer.connect();
  // The workload has filled product keys (slow on a busy machine) before the page looks for them.
  await waitFor(async () => (await redis.scan('0', 'MATCH', 'product:*', 'COUNT', 1000))[1].length >= 20, 120_000, 'the workload to fill product keys');
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await producer.disconnect();
  await demo?.stop();
  await pool?.end();
  redis?.disconnect();
  await server?.kill();
  if (home) rmSync(home, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false });
const verdict = (page: Page) => page.locator('[data-testid="compare-verdict-card"]').getAttribute('data-verdict');

async function compareTyped(page: Page, key: string): Promise<void> {
  await page.fill('[data-testid="compare-key"]', key);
  await page.click('[data-testid="compare-run"]');
}

test('Investigate: from the key browser, a stale key, an ahead write with its pending record, a namespace sample — dark and light', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  if ((await page.locator('html').getAttribute('data-theme')) !== 'dark') await page.click('[data-testid="theme-toggle"]');

  // A key the demo filled, opened from the key browser.
  await page.click('[data-testid="nav-keys/browse"]');
  await page.fill('[data-testid="key-search"]', 'product:*');
  await page.click('[data-testid="key-search-go"]');
  await expect.poll(() => page.locator('[data-testid="key-row"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.locator('[data-testid="key-row"]').first().click();
  await page.click('[data-testid="key-compare"]');
  await expect.poll(() => page.locator('main h1').textContent()).toBe('Investigate');
  await expect.poll(() => verdict(page), { timeout: 20_000 }).toMatch(/^(fresh|stale|ahead|missing-in-db|missing-in-cache|negative-cached)$/);

  // Stale: Postgres moved on behind the cache.
  await pool.query(`INSERT INTO "${names.schema}".products (id, name, price_cents, stock, version, updated_at) VALUES ('e2e-stale', 'Desk lamp', 2500, 3, 1, now())`);
  const { rows } = await pool.query(`SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM "${names.schema}".products WHERE id = 'e2e-stale'`);
  await redis.set('product:e2e-stale', JSON.stringify({ id: 'e2e-stale', name: 'Desk lamp', price_cents: 2500, stock: 3, version: 1, updated_at: rows[0].at }), 'EX', 3600);
  await pool.query(`UPDATE "${names.schema}".products SET price_cents = 2900, stock = 0, version = 2 WHERE id = 'e2e-stale'`);
  await compareTyped(page, 'product:e2e-stale');
  await expect.poll(() => verdict(page), { timeout: 20_000 }).toBe('stale');
  expect(await page.locator('[data-testid="compare-fields"] tr[data-equal="false"]').count()).toBe(3);
  expect(await page.locator('[data-testid="compare-headline"]').textContent()).toBe('Stale: the cache holds version 1, the row version 2');
  await shot(page, 'investigate-stale-dark');

  // Ahead: the flusher slowed far past the write, which waits in the queue.
  await redis.set('demo:flusher:slow-ms', '20000');
  // The flusher polls the switch each second; once it says so, every next batch waits 20 s.
  await expect.poll(() => demo.output(), { timeout: 10_000 }).toContain('slowdown now 20000 ms per batch');
  const writer = new WriteBehindWriter({ redis, producer, versions: new VersionClock(redis), topic: names.queueTopic });
  await writer.upsert('product', 'e2e-ahead', { name: 'Standing desk', price_cents: 45000, stock: 2 });
  await compareTyped(page, 'product:e2e-ahead');
  await expect.poll(() => verdict(page), { timeout: 20_000 }).toBe('ahead');
  await expect.poll(() => page.locator('[data-testid="compare-pending-row"]').count()).toBe(1);
  await shot(page, 'investigate-ahead-dark');
  await redis.del('demo:flusher:slow-ms');

  // A sample of the product namespace: counts per verdict, examples that open in Investigate.
  await page.fill('[data-testid="compare-sample-size"]', '150');
  await page.click('[data-testid="compare-sample-run"]');
  await expect.poll(() => page.locator('[data-testid="compare-sample-headline"]').count(), { timeout: 60_000 }).toBe(1);
  expect(await page.locator('[data-testid="compare-sample-headline"]').textContent()).toMatch(/of product keys are stale or missing in Postgres/);
  await page.locator('[data-testid="compare-sample-chart"]').scrollIntoViewIfNeeded();
  await shot(page, 'investigate-sample-dark');
  const example = page.locator('[data-testid="compare-sample-examples"] a').first();
  const exampleVerdict = await example.getAttribute('data-verdict');
  await example.click();
  await expect.poll(() => verdict(page), { timeout: 20_000 }).toBeTruthy();
  expect(['fresh', 'stale', 'ahead', 'missing-in-db', 'missing-in-cache', 'negative-cached']).toContain(exampleVerdict);

  await page.click('[data-testid="theme-toggle"]');
  await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('light');
  await compareTyped(page, 'product:e2e-stale');
  await expect.poll(() => verdict(page), { timeout: 20_000 }).toBe('stale');
  await page.locator('main h1').scrollIntoViewIfNeeded();
  await shot(page, 'investigate-stale-light');
  await page.locator('[data-testid="compare-sample-chart"]').scrollIntoViewIfNeeded();
  await shot(page, 'investigate-sample-light');
  await compareTyped(page, 'product:e2e-ahead');
  await expect.poll(() => page.locator('[data-testid="compare-verdict-card"]').count(), { timeout: 20_000 }).toBe(1);
  await page.locator('main h1').scrollIntoViewIfNeeded();
  await shot(page, 'investigate-ahead-light');
  await page.close();
}, 240_000);
