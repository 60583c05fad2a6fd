import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Redis } from 'ioredis';
import type { Admin, Producer } from 'kafkajs';
import type { Page } from 'playwright-core';
import { testKafka, uniqueName } from '../integration/demo/support';
import { freePort, ThrowawayRedis } from '../integration/support/throwawayRedis';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { startDemoPipeline } from './support/demoPipeline';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ThrowawayRedis;
let redis: Redis;
let demo: Awaited<ReturnType<typeof startDemoPipeline>>;
let serve: ServeProcess;
let browser: BrowserSession;
const kafka = testKafka();
const admin: Admin = kafka.admin();
const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
const base = uniqueName('keys_e2e');
const writeBehind = { queueTopic: `${base}.writes`, dlqTopic: `${base}.writes.dlq`, controlTopic: `${base}.control`, flusherGroup: `${base}-flusher` };
const profilesHome = mkdtempSync(join(tmpdir(), 'cachescope-keys-e2e-'));

/** A write-behind queue whose two oldest writes were queued an hour ago and are not persisted. */
async function laggingQueue(): Promise<void> {
  await admin.connect();
  await producer.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: writeBehind.queueTopic }, { topic: writeBehind.dlqTopic }] });
  await producer.send({
    topic: writeBehind.queueTopic,
    acks: -1,
    messages: [1, 2].map((i) => ({ key: `session:${i}`, value: 'w', timestamp: String(Date.now() - 3_600_000) })),
  });
  await admin.setOffsets({ groupId: writeBehind.flusherGroup, topic: writeBehind.queueTopic, partitions: [{ partition: 0, offset: '0' }] });
}

beforeAll(async () => {
  const endpoints = inject('endpoints');
  await laggingQueue();
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
  const profiles = join(profilesHome, 'profiles.json');
  const local = { id: 'local', name: 'Local', redis: { url: server.url }, postgres: { url: endpoints.databaseUrl }, kafka: { brokers: endpoints.kafkaBrokers }, writeBehind };
  writeFileSync(profiles, JSON.stringify({ profiles: [local] }), { mode: 0o600 });
  serve = await startServe({ CACHESCOPE_PROFILES: profiles });
  demo = await startDemoPipeline({ ...endpoints, redisUrl: server.url }, ['--reads', '200', '--writes', '20', '--keys', '300', '--stampede-every', '0']);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await demo?.stop();
  redis?.disconnect();
  await server?.kill();
  await admin.deleteGroups([writeBehind.flusherGroup]).catch(() => undefined);
  await admin.deleteTopics({ topics: [writeBehind.queueTopic, writeBehind.dlqTopic] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
  rmSync(profilesHome, { recursive: true, force: true });
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

  // Sessions live ~45 s, and the queue's oldest unpersisted write is an hour old: at risk.
  await expect.poll(() => page.locator('[data-testid="ttl-risk"]').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringContaining('session'));
  expect(await page.locator('[data-testid="keys-figure-risk"]').getAttribute('data-state')).toBe('bad');

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
  await expect.poll(() => page.locator('[data-testid="keys-risk-tile"]').getAttribute('data-risks'), { timeout: 30_000 }).not.toBe('0');
  await page.click('[data-testid="theme-toggle"]');
  await page.waitForTimeout(500);
  await shot(page, 'overview-keys-tile-dark');
});
