import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { freePort, ThrowawayRedis } from '../integration/support/throwawayRedis';
import { runCli } from '../integration/support/runCli';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { startDemoPipeline } from './support/demoPipeline';
import { startServe, type ServeProcess } from './support/serveProcess';

/**
 * The Timeline view with the demo running: a Redis outage (the private Redis killed and started
 * again), an invalidation and a write-behind flush from the CLI, the flusher stopped, a note typed
 * in the view; filtered by kind, linked to the view each event came from, and exported as one
 * HTML file that opens with the network cut off.
 */

let server: ThrowawayRedis;
let demo: Awaited<ReturnType<typeof startDemoPipeline>>;
let serve: ServeProcess;
let browser: BrowserSession;
let profilesFile: string;
const profilesDir = mkdtempSync(join(tmpdir(), 'cachescope-e2e-timeline-'));

beforeAll(async () => {
  const endpoints = inject('endpoints');
  server = new ThrowawayRedis(await freePort());
  await server.start();
  demo = await startDemoPipeline({ ...endpoints, redisUrl: server.url }, ['--reads', '100', '--writes', '10', '--keys', '300', '--stampede-every', '0']);
  const { names } = demo;
  const writeBehind = { queueTopic: names.queueTopic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic, flusherGroup: names.group };
  profilesFile = join(profilesDir, 'profiles.json');
  writeFileSync(
    profilesFile,
    JSON.stringify({
      profiles: [{ id: 'local', name: 'Local demo', environment: 'development', redis: { url: server.url }, postgres: { url: endpoints.databaseUrl }, kafka: { brokers: endpoints.kafkaBrokers }, writeBehind }],
    }),
    { mode: 0o600 },
  );
  serve = await startServe({ CACHESCOPE_PROFILES: profilesFile });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await demo?.stop();
  await server?.kill();
  rmSync(profilesDir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });
async function setTheme(page: Page, wanted: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== wanted) await page.click('[data-testid="theme-toggle"]');
}
const eventTitles = (page: Page) => page.locator('[data-testid="timeline-event"] .title').allTextContents();
async function waitForTitle(page: Page, title: string | RegExp, timeout = 90_000): Promise<void> {
  const seen = async () => (await eventTitles(page)).some((t) => (typeof title === 'string' ? t === title : title.test(t)));
  await expect.poll(seen, { timeout, interval: 500 }).toBe(true).catch(async (err: unknown) => {
    const listed = await cli(['timeline', '--since', '1h', '--json']);
    throw new Error(`no event "${String(title)}" in the view: ${JSON.stringify(await eventTitles(page))}; the core lists ${listed.stdout}`, { cause: err });
  });
}
const cli = (args: string[]) => runCli(args, { CACHESCOPE_HOME: serve.home, CACHESCOPE_PROFILES: profilesFile });

test('timeline: an outage, an invalidation, a flush and a stopped flusher on one axis; notes, filters, links and the export', { timeout: 600_000 }, async () => {
  const page = await browser.context.newPage();
  await page.goto(serve.url);
  await setTheme(page, 'dark');
  await page.click('[data-testid="nav-timeline"]');
  await page.locator('[data-testid="timeline-chart"] canvas').first().waitFor({ timeout: 30_000 });

  await server.kill();
  await waitForTitle(page, 'Redis down');
  await server.start();
  await waitForTitle(page, 'Redis back');

  const invalidated = await cli(['invalidate', '--pattern', 'product:1*', '--yes', '--json']);
  expect(invalidated.code, invalidated.stderr).toBe(0);
  await waitForTitle(page, 'Keys invalidated', 30_000);
  const flushed = await cli(['flush', '--json']);
  expect(flushed.code, flushed.stderr).toBe(0);
  await waitForTitle(page, 'Write-behind queue flushed', 30_000);

  // The demo's flusher stopped while the workload writes on: the queue stops, then breaches its SLA.
  demo.flusher.kill('SIGTERM');
  await waitForTitle(page, /^Write-behind stopped/);

  await page.fill('[data-testid="timeline-note-text"]', 'Redis restarted by hand; cache warming');
  await page.click('[data-testid="timeline-note-add"]');
  await waitForTitle(page, 'Redis restarted by hand; cache warming', 10_000);

  // Newest first: the note, the stop, the flush, the invalidation, Redis back, Redis down.
  const titles = await eventTitles(page);
  const at = (t: string) => titles.findIndex((title) => title.startsWith(t));
  expect(at('Redis restarted by hand; cache warming')).toBeLessThan(at('Write-behind stopped'));
  expect(at('Write-behind stopped')).toBeLessThan(at('Write-behind queue flushed'));
  expect(at('Write-behind queue flushed')).toBeLessThan(at('Keys invalidated'));
  expect(at('Keys invalidated')).toBeLessThan(at('Redis back'));
  expect(at('Redis back')).toBeLessThan(at('Redis down'));
  expect(await page.locator('[data-testid="timeline-event"][data-severity="critical"]').count()).toBeGreaterThanOrEqual(2);
  await page.mouse.move(0, 0);
  await page.evaluate("document.querySelector('main.content')?.scrollTo(0, 0)");
  await shot(page, 'timeline-dark');
  await setTheme(page, 'light');
  await shot(page, 'timeline-light');

  // Filtered by kind: the actions go, the rest stays.
  await page.click('[data-testid="timeline-kind-action"]');
  expect(await eventTitles(page)).not.toContain('Keys invalidated');
  expect(await eventTitles(page)).toContain('Redis down');
  await page.click('[data-testid="timeline-kind-action"]');

  // Exported as one file that opens offline with its charts.
  const download = page.waitForEvent('download');
  await page.click('[data-testid="timeline-export-button"]');
  const file = join(profilesDir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  await page.locator('[data-testid="timeline-export-done"]').waitFor({ timeout: 30_000 });
  const html = readFileSync(file, 'utf8');
  const exportedFrom = await page.inputValue('[data-testid="timeline-export-from"]');
  const exportedTo = await page.inputValue('[data-testid="timeline-export-to"]');
  expect(html, `${exportedFrom} to ${exportedTo}: ${/<p class="meta">(.*?)<\/p>/.exec(html)?.[1]}`).toContain('Keys invalidated');
  const offline = await browser.context.newPage();
  await browser.context.setOffline(true);
  try {
    await offline.goto(`file://${file}`);
    const charts = offline.locator('figure svg');
    expect(await charts.count()).toBe(3);
    expect(await charts.first().locator('path').count()).toBeGreaterThan(3);
    await offline.screenshot({ path: join(screenshotDir, 'timeline-export-demo.png'), fullPage: true });
  } finally {
    await browser.context.setOffline(false);
    await offline.close();
  }

  // Each event links to the view it came from.
  const invalidation = page.locator('[data-testid="timeline-event"]', { hasText: 'Keys invalidated' });
  await invalidation.locator('[data-testid="timeline-event-link"]').click();
  await expect.poll(() => page.url()).toContain('#/audit');
  await page.close();
});
