import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Admin, Producer } from 'kafkajs';
import type { Page } from 'playwright-core';
import { encodeEnvelope } from '../../demo/envelope';
import { FlusherProcess, pipelineNames, setUpPipeline, testKafka, testPool } from '../integration/demo/support';
import { conventionsOf, profilesFile } from '../integration/writeBehind/support';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { startServe, type ServeProcess } from './support/serveProcess';

const names = pipelineNames('wbe2e');
const kafka = testKafka();
const admin: Admin = kafka.admin();
const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
const pool = testPool();
const slaMs = 2_000;
let pipeline: Awaited<ReturnType<typeof setUpPipeline>>;
let flusher: FlusherProcess;
let profiles: ReturnType<typeof profilesFile>;
let serve: ServeProcess;
let browser: BrowserSession;
let writing = true;
let writer: Promise<void>;

/** The demo's writer, as far as the queue is concerned: a change every 100 ms. */
async function write(): Promise<void> {
  for (let version = 1; writing; version++) {
    const id = String(version % 40);
    const value = encodeEnvelope({ op: 'upsert', entity: 'product', id, version, data: { name: `p${id}`, price_cents: version }, producedAt: Date.now() });
    await producer.send({ topic: names.topic, acks: -1, messages: [{ key: `product:${id}`, value }] });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  pipeline = await setUpPipeline(admin, pool, names);
  // Three writes that failed earlier, not replayed yet.
  await producer.send({ topic: names.dlqTopic, acks: -1, messages: [1, 2, 3].map((i) => ({ key: `product:${i}`, value: 'poison' })) });
  // A long session timeout: the paused flusher stays a member, as a hung one does.
  flusher = new FlusherProcess(names, ['--session-timeout-ms', '60000']);
  await flusher.waitForLine(/joined .* partitions \[0, 1, 2\]/);
  writer = write();
  // The local profile (serve mode opens it), on this test's topics and with a short SLA.
  profiles = profilesFile({ ...conventionsOf(names), persistenceSlaMs: slaMs }, 'local');
  serve = await startServe({ CACHESCOPE_PROFILES: profiles.file });
  browser = await openBrowser();
});

afterAll(async () => {
  writing = false;
  await writer;
  await browser?.close();
  await serve?.stop();
  flusher?.kill('SIGCONT');
  flusher?.kill('SIGTERM');
  await flusher?.exited;
  profiles?.dispose();
  await pipeline?.dispose();
  await producer.disconnect();
  await admin.disconnect();
  await pool.end();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
const theme = (page: Page) => page.locator('html').getAttribute('data-theme');

test('the write-behind view follows the queue, flushes it, and shows a stalled flusher breaching the SLA', async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  if ((await theme(page)) !== 'dark') await page.click('[data-testid="theme-toggle"]');

  // The Overview's tile: the queue at a glance.
  const tile = page.locator('[data-testid="queue-tile"]');
  await tile.locator('[data-testid="lag-status"][data-status="OK"]').waitFor({ timeout: 30_000 });
  await expect.poll(() => tile.locator('[data-testid="queue-tile-dlq"]').textContent()).toBe('3');
  await shot(page, 'overview-queue-tile-dark');

  await page.click('[data-testid="queue-tile-open"]');
  await expect.poll(() => page.locator('main h1').textContent()).toBe('Write-behind');
  await page.locator('[data-testid="queue-member"]').first().waitFor({ timeout: 20_000 });
  expect(await page.locator('[data-testid="queue-member"]').count()).toBe(1);
  await expect.poll(() => page.locator('[data-testid="figure-dlq"] .value').textContent()).toBe('3');
  // Rates need two samples; the window fills in ten seconds.
  await expect.poll(() => page.locator('[data-testid="figure-produce"] .value').textContent(), { timeout: 20_000 }).toMatch(/\/s$/);
  await expect.poll(() => page.locator('[data-testid="status-reason"]').textContent(), { timeout: 20_000 }).not.toContain('judging over');
  expect(await page.locator('[data-testid="chart-time-lag"] canvas').count()).toBe(1);
  expect(await page.locator('[data-testid="chart-partitions"] canvas').count()).toBe(1);
  await shot(page, 'write-behind-ok-dark');

  // Flush: the ack shows, then "drained in".
  await page.click('[data-testid="flush-button"]');
  const outcome = page.locator('[data-testid="flush-outcome"]');
  await outcome.waitFor({ timeout: 30_000 });
  expect(await outcome.getAttribute('data-state')).toBe('succeeded');
  expect(await outcome.textContent()).toMatch(/^Drained in [\d.]+ m?s: [\d,]+ queued writes? persisted, 1 of 1 flushers acknowledged\. \(\d\d:\d\d:\d\d\)$/);
  expect(await page.locator('[data-testid="flush-ack"]').count()).toBe(1);
  await shot(page, 'write-behind-flush-dark');

  // The flusher hangs: its offsets stop while writes keep coming.
  flusher.kill('SIGSTOP');
  await page.locator('[data-testid="sla-breach"]').first().waitFor({ timeout: 30_000 });
  await page.locator('.heading [data-testid="lag-status"][data-status="STALL"]').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-testid="status-reason"]').textContent()).toMatch(/no progress for \d+ s/);
  expect(await page.locator('[data-testid="figure-time-lag"]').getAttribute('class')).toContain('bad');
  await shot(page, 'write-behind-stall-dark');
  await page.click('[data-testid="theme-toggle"]');
  expect(await theme(page)).toBe('light');
  await shot(page, 'write-behind-stall-light');

  // Resumed, it catches up: OK again, and the changes are listed with their reasons.
  flusher.kill('SIGCONT');
  await page.locator('.heading [data-testid="lag-status"][data-status="OK"]').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('.heading [data-testid="sla-breach"]').count(), { timeout: 30_000 }).toBe(0);
  const changes = await page.locator('[data-testid="status-change"]').allTextContents();
  expect(changes.some((c) => c.includes('Stalled') && c.includes('no progress'))).toBe(true);
  expect(changes.some((c) => c.includes('SLA breached: the oldest unpersisted write'))).toBe(true);
  await shot(page, 'write-behind-recovered-light');
  await page.close();
});
