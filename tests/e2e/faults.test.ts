import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { LagHistoryPoint } from '../../shared/contracts/writeBehind';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { demoPipelineNames, startDemoPipeline } from './support/demoPipeline';
import { PrivateService } from './support/privateServices';
import { startServe, type ServeProcess } from './support/serveProcess';

/**
 * The fault suite (issue 9.6): Redis, PostgreSQL and Kafka of the suite's own are killed with
 * SIGKILL one at a time while serve mode and the demo pipeline run on them, then started again
 * with the same launcher. The promise under test: each outage shows within 5 s, the queue keeps
 * its last known values through a Kafka outage, sampling and lag resume within 5 s of the
 * service answering again, and nothing crashes.
 */
const promisedMs = 5_000;

let redis: PrivateService;
let postgres: PrivateService;
let kafka: PrivateService;
let demo: Awaited<ReturnType<typeof startDemoPipeline>>;
let serve: ServeProcess;
let browser: BrowserSession;
let profilesHome: string;
/** One tab on the Overview, one on the Write-behind view, as an engineer keeps them during an incident. */
let overview: Page;
let writeBehind: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const t0 = Date.now();
  const took = (what: string) => console.log(`[faults] ${what} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  [redis, postgres, kafka] = await Promise.all([PrivateService.redis(), PrivateService.postgres(), PrivateService.kafka()]);
  const names = demoPipelineNames();
  profilesHome = mkdtempSync(join(tmpdir(), 'cachescope-faults-'));
  const profilesFile = join(profilesHome, 'profiles.json');
  const writeBehindNames = { queueTopic: names.queueTopic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic, flusherGroup: names.group };
  const profile = { id: 'local', name: 'Faults', redis: { url: redis.url }, postgres: { url: postgres.url }, kafka: { brokers: [kafka.url] }, writeBehind: writeBehindNames };
  writeFileSync(profilesFile, JSON.stringify({ profiles: [profile] }), { mode: 0o600 });
  // Serve mode starts while Kafka's JVM does: it finds the services as they come up.
  await Promise.all([
    redis.start().then(() => took('redis')),
    postgres.start().then(() => took('postgres')),
    kafka.start().then(() => took('kafka')),
    startServe({ CACHESCOPE_PROFILES: profilesFile }).then((started) => {
      serve = started;
      took('serve');
    }),
  ]);
  const endpoints = { redisUrl: redis.url, databaseUrl: postgres.url, kafkaBrokers: [kafka.url] };
  demo = await startDemoPipeline(endpoints, ['--reads', '100', '--writes', '20', '--keys', '200', '--stampede-every', '0'], names);
  took('demo');
  browser = await openBrowser();
  overview = await openPage('/');
  writeBehind = await openPage('/#/write-behind');
  await writeBehind.locator('main h1', { hasText: 'Write-behind' }).waitFor();
  // Two JVM starts of Kafka (here and in its test) dominate; a busy machine doubles them.
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await demo?.stop().catch(() => undefined);
  await Promise.all([redis?.remove(), postgres?.remove(), kafka?.remove()]);
  if (profilesHome) rmSync(profilesHome, { recursive: true, force: true });
});

async function openPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  // Loading the app on a busy machine is not what is measured here.
  page.setDefaultTimeout(90_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(serve.url);
  if ((await page.locator('html').getAttribute('data-theme')) !== 'dark') await page.click('[data-testid="theme-toggle"]');
  if (path !== '/') await page.goto(new URL(path, serve.origin).toString());
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });
const tile = (service: string) => overview.locator(`[data-testid="tile-${service}"]`);
const tileState = (service: string) => tile(service).getAttribute('data-state');
const queueStatus = () => overview.locator('[data-testid="queue-tile"]').getAttribute('data-status');
/** The Write-behind view's chart history, as its store holds it. */
const lagHistory = () =>
  writeBehind.evaluate(() => {
    // Runs in the page; the test's own types know no DOM.
    const page = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
    const app = (page.document.querySelector('#app') as { __vue_app__: { config: { globalProperties: Record<string, unknown> } } }).__vue_app__;
    const pinia = app.config.globalProperties.$pinia as { _s: Map<string, { history: LagHistoryPoint[] }> };
    return pinia._s.get('writeBehind')!.history;
  });

async function everythingAnswers(): Promise<void> {
  for (const service of ['redis', 'postgres', 'kafka']) await expect.poll(() => tileState(service), { timeout: 60_000 }).toBe('ok');
  await expect.poll(queueStatus, { timeout: 60_000 }).toBe('OK');
  await expect.poll(() => overview.locator('[data-testid="stats-error"]').count(), { timeout: 30_000 }).toBe(0);
}

test('Redis killed: its tile shows it down, stats resume once it is back', async () => {
  await everythingAnswers();
  await redis.kill();
  await expect.poll(() => tileState('redis'), { timeout: promisedMs }).toBe('down');
  // A probe caught while the socket closes reads "Stream isn't writeable"; the next one, at most 3 s on, names the refusal.
  await expect.poll(() => tile('redis').locator('[data-testid="tile-error"]').textContent(), { timeout: promisedMs }).toContain('connection refused');
  await overview.locator('[data-testid="stats-error"]').waitFor({ timeout: promisedMs });
  await shot(overview, 'faults-overview-redis-down-dark');

  await redis.start();
  await expect.poll(() => tileState('redis'), { timeout: promisedMs }).toBe('ok');
  await expect.poll(() => overview.locator('[data-testid="stats-error"]').count(), { timeout: promisedMs }).toBe(0);
  await expect.poll(() => overview.locator('[data-testid="tile-ops"] [data-testid="metric-value"]').textContent(), { timeout: promisedMs }).toMatch(/^[\d,.]+$/);
});

test('PostgreSQL killed: its tile shows it down, and up again once it is back', async () => {
  await everythingAnswers();
  await postgres.kill();
  await expect.poll(() => tileState('postgres'), { timeout: promisedMs }).toBe('down');
  await shot(overview, 'faults-overview-postgres-down-dark');

  await postgres.start();
  await expect.poll(() => tileState('postgres'), { timeout: promisedMs }).toBe('ok');
  // The flusher retried its batch meanwhile: the queue drains again.
  await expect.poll(queueStatus, { timeout: 60_000 }).toBe('OK');
}, 150_000);

test('Kafka killed: the queue keeps its last known values, marked stale, the outage and the recovery are status changes, and the charts leave a gap', async () => {
  await everythingAnswers();
  const lag = writeBehind.locator('[data-testid="figure-lag"]');
  await expect.poll(() => lag.getAttribute('data-state'), { timeout: 30_000 }).toBe('plain');
  // A read that timed out earlier on a busy machine is an outage of its own: count from here.
  const outages = writeBehind.locator('[data-testid="status-change"][data-status="UNAVAILABLE"]');
  const recoveries = writeBehind.locator('[data-testid="status-change"]', { hasText: 'queue readable again after' });
  const [outagesBefore, recoveriesBefore] = [await outages.count(), await recoveries.count()];
  const killedAt = Date.now();
  await kafka.kill();

  await expect.poll(() => tileState('kafka'), { timeout: promisedMs }).toBe('down');
  await expect.poll(queueStatus, { timeout: promisedMs }).toBe('UNAVAILABLE');
  await expect.poll(() => writeBehind.locator('[data-testid="lag-status"]').first().getAttribute('data-status'), { timeout: promisedMs }).toBe('UNAVAILABLE');
  // The figures stay, judged no more, with their age.
  await expect.poll(() => lag.locator('.detail').textContent(), { timeout: promisedMs }).toMatch(/^last known, (just now|\d+ s ago)$/);
  expect(await lag.getAttribute('data-state')).toBe('unknown');
  expect(await lag.locator('[data-testid="metric-value"]').textContent()).toMatch(/^[\d,]+$/);
  expect(await writeBehind.locator('[data-testid="queue-members"]').count()).toBe(1);
  // One banner for one cause (the queue and the DLQ fail alike).
  expect(await writeBehind.locator('[data-testid="lag-issue"]').allTextContents()).toEqual([expect.stringContaining('connection refused')]);
  await expect.poll(() => outages.count(), { timeout: promisedMs }).toBe(outagesBefore + 1);
  await shot(overview, 'faults-overview-kafka-down-dark');
  // Long enough for the stale age to count up in the screenshot, as in a real outage.
  await writeBehind.waitForTimeout(Math.max(0, killedAt + 8_000 - Date.now()));
  await shot(writeBehind, 'faults-write-behind-kafka-down-dark');

  await kafka.start();
  await expect.poll(() => tileState('kafka'), { timeout: promisedMs }).toBe('ok');
  await expect.poll(() => lag.getAttribute('data-state'), { timeout: promisedMs }).toBe('plain');
  await expect.poll(queueStatus, { timeout: promisedMs }).not.toBe('UNAVAILABLE');
  await expect.poll(() => recoveries.count(), { timeout: promisedMs }).toBe(recoveriesBefore + 1);
  expect(await writeBehind.locator('[data-testid="lag-issue"]').count()).toBe(0);

  // Charted again, with a gap where Kafka did not answer: no line drawn across the outage.
  await expect.poll(async () => (await lagHistory()).filter((p) => p.at > killedAt && p.totalLag !== null).length, { timeout: 15_000 }).toBeGreaterThan(5);
  const history = await lagHistory();
  const across = history.findIndex((p, i) => i > 0 && p.totalLag !== null && history[i - 1]!.totalLag !== null && p.at - history[i - 1]!.at > promisedMs);
  expect(across).toBe(-1);
  expect(history.some((p) => p.at > killedAt && p.totalLag === null)).toBe(true);
  await shot(writeBehind, 'faults-write-behind-kafka-recovered-dark');
}, 240_000);

test('nothing crashed: serve mode, the demo flusher and the pages lived through every outage', () => {
  expect(serve.running(), serve.output()).toBe(true);
  expect(demo.flusher.exitCode, demo.output()).toBeNull();
  expect(demo.flusher.signalCode).toBeNull();
  expect(demo.workload.exitCode, demo.output()).toBeNull();
  expect(pageErrors).toEqual([]);
});
