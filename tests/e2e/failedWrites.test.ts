import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { testKafka } from '../integration/demo/support';
import { profilesFile } from '../integration/writeBehind/support';
import { deadLetterDrafts, produceDeadLetters } from '../integration/deadLetters/fixtures';
import { openBrowser, screenshotDir, type BrowserSession } from './support/browser';
import { demoPipelineNames, startDemoPipeline } from './support/demoPipeline';
import { startServe, type ServeProcess } from './support/serveProcess';

/**
 * The Failed writes view against the demo pipeline: its workload writes poison records
 * (a price below zero violates a CHECK constraint), the flusher dead-letters them, and the
 * view lists, groups and opens them, beside Spring- and Connect-style dead letters.
 */

const endpoints = inject('endpoints');
const names = demoPipelineNames();
const replayGroup = `${names.group}-replay`;
const kafka = testKafka();
const producer = kafka.producer({ allowAutoTopicCreation: false });
let demo: Awaited<ReturnType<typeof startDemoPipeline>>;
let profiles: ReturnType<typeof profilesFile>;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  demo = await startDemoPipeline(endpoints, ['--reads', '20', '--writes', '20', '--keys', '50', '--poison-rate', '0.3', '--stampede-every', '0'], names);
  await producer.connect();
  const fixtures = deadLetterDrafts('ext:', 'cache.writes').filter((d) => d.convention === 'spring' || d.convention === 'connect' || d.key === 'ext:blob:1');
  await produceDeadLetters(producer, names.dlqTopic, fixtures, 1, Date.now() - 600_000);
  profiles = profilesFile(
    { queueTopic: names.queueTopic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic, flusherGroup: names.group, replayGroup },
    'local',
    {
      namespaces: [
        { keyPattern: 'product:{id}', table: `${names.schema}.products`, keyColumn: 'id', versionColumn: 'version' },
        { keyPattern: 'user:{id}', table: `${names.schema}.users`, keyColumn: 'id', versionColumn: 'version' },
      ],
    },
  );
  serve = await startServe({ CACHESCOPE_PROFILES: profiles.file });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  profiles?.dispose();
  await producer.disconnect();
  await demo?.stop();
});

const shotsCopy = '/tmp/shots/dlq-browse';
async function shot(page: Page, name: string): Promise<void> {
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  mkdirSync(shotsCopy, { recursive: true });
  copyFileSync(path, join(shotsCopy, `${name}.png`));
}
const theme = (page: Page) => page.locator('html').getAttribute('data-theme');
/** A read of the DLQ joins a consumer group: on a loaded machine that takes seconds, not one. */
const reading = { timeout: 30_000 };

test('the demo’s poison records are listed, grouped, filtered and opened beside their row and cached value', async () => {
  const page = await browser.context.newPage();
  // Poison records reach the DLQ within seconds at 20 writes/s.
  await page.goto(serve.url);
  if ((await theme(page)) !== 'dark') await page.click('[data-testid="theme-toggle"]');
  await page.click('nav >> text=Failed writes');
  await expect.poll(() => page.locator('main h1').textContent()).toBe('Failed writes');

  // Enough poison records for a real list; Refresh reads the DLQ again.
  await expect
    .poll(
      async () => {
        await page.click('[data-testid="dlq-refresh"]');
        await page.locator('[data-testid="dlq-refresh"]:not([disabled])').waitFor();
        return page.locator('[data-testid="dlq-row"]').count();
      },
      { timeout: 60_000, interval: 2_000 },
    )
    .toBeGreaterThanOrEqual(12);
  const groups = page.locator('[data-testid="dlq-group"]');
  await expect.poll(() => groups.allTextContents(), reading).toContainEqual(expect.stringContaining('products_price_cents_check'));
  expect(await page.locator('[data-testid="chart-dlq"] canvas').count()).toBe(1);
  await expect.poll(() => page.locator('[data-testid="dlq-summary"]').textContent(), { timeout: 20_000 }).toMatch(/^[\d,]+ pending · arriving [\d.]+\/s$/);

  // A group narrows the list to its error.
  await groups.filter({ hasText: 'products_price_cents_check' }).first().click();
  await expect.poll(() => page.locator('[data-testid="dlq-filter-error"]').inputValue(), reading).toContain('products_price_cents_check');
  await page.locator('[data-testid="dlq-row"]').first().waitFor();
  const errors = await page.locator('[data-testid="dlq-row-error"]').allTextContents();
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.every((e) => e.includes('products_price_cents_check'))).toBe(true);

  // A record opens with its headers, envelope, and the row and cached value of its key.
  await page.locator('[data-testid="dlq-row"]').first().click();
  const detail = page.locator('[data-testid="dlq-detail"]');
  await detail.locator('[data-testid="dlq-detail-envelope"]').waitFor();
  expect(await detail.locator('[data-testid="dlq-detail-error"]').textContent()).toMatch(/^23514: /);
  expect(await detail.locator('[data-testid="dlq-detail-original"]').textContent()).toContain(names.queueTopic);
  expect(await detail.locator('[data-testid="dlq-detail-headers"] tr').count()).toBeGreaterThanOrEqual(7);
  expect(await detail.locator('[data-testid="dlq-detail-value"] [data-format]').getAttribute('data-format')).toBe('json');
  // The demo caches rows as JSON: the row and the cached value compare field by field. The
  // writer cached the poison value before the flusher refused it, so they differ.
  await detail.locator('[data-testid="dlq-detail-row"]').waitFor();
  const compare = detail.locator('[data-testid="dlq-compare"]');
  if ((await compare.count()) > 0) {
    expect(await compare.locator('[data-testid="dlq-compare-field"]', { hasText: 'price_cents' }).count()).toBe(1);
  } else {
    expect(await detail.locator('[data-testid="dlq-detail-cached"]').textContent()).toMatch(/not cached|could not/);
  }

  // Records ticked are the selection a replay or park will take.
  const ticks = page.locator('[data-testid="dlq-select"]');
  await ticks.nth(0).check();
  await ticks.nth(1).check();
  await expect.poll(() => page.locator('[data-testid="dlq-selection"]').textContent()).toBe('2 selected');
  await shot(page, 'failed-writes-dark');
  await page.click('[data-testid="theme-toggle"]');
  expect(await theme(page)).toBe('light');
  await shot(page, 'failed-writes-light');
  await detail.locator('[data-testid="dlq-detail-row"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await shot(page, 'failed-writes-detail-current-light');

  // Replay and park act on the selection: the dry run first, then the job and its exact counts.
  await page.click('[data-testid="dlq-replay"]');
  const dialog = page.locator('[data-testid="replay-dialog"]');
  await expect.poll(() => dialog.locator('[data-testid="replay-matched"]').textContent(), reading).toBe('2');
  await shot(page, 'failed-writes-replay-dry-run-light');
  await dialog.locator('[data-testid="replay-close"]').click();
  await dialog.waitFor({ state: 'detached' });
  const first = page.locator('[data-testid="dlq-row"]').first();
  await first.waitFor();
  const parkedRef = await first.getAttribute('data-ref');
  await page.locator(`[data-testid="dlq-row"][data-ref="${parkedRef}"] [data-testid="dlq-select"]`).check();
  await page.click('[data-testid="dlq-park"]');
  await expect.poll(() => dialog.locator('[data-testid="replay-matched"]').textContent(), reading).toBe('1');
  await dialog.locator('[data-testid="park-reason"]').fill('poison price from the e2e test');
  await dialog.locator('[data-testid="replay-run"]').click();
  await expect.poll(() => dialog.locator('[data-testid="replay-result-moved"]').textContent(), reading).toBe('1');
  await shot(page, 'failed-writes-park-result-light');
  await dialog.locator('[data-testid="replay-close"]').click();
  // Parked past the cursor (out of order): no longer pending, so no longer listed.
  await expect.poll(() => page.locator(`[data-testid="dlq-row"][data-ref="${parkedRef}"]`).count(), reading).toBe(0);

  // Spring's binary headers, decoded, and a value that is not text.
  await page.click('[data-testid="dlq-filter-clear"]');
  await page.fill('[data-testid="dlq-filter-key"]', 'ext:*');
  await page.click('[data-testid="dlq-filter-apply"]');
  await expect.poll(() => page.locator('[data-testid="dlq-row"]').count(), reading).toBe(3);
  await page.locator('[data-testid="dlq-row"]', { hasText: 'ext:order:7' }).click();
  await expect.poll(() => detail.locator('[data-testid="dlq-detail-original"]').textContent(), reading).toContain('orders · partition 3 · offset 123456789012');
  expect(await detail.locator('[data-testid="dlq-detail-headers"]').textContent()).toContain('0x0000001cbe991a14 = 123456789012');
  await shot(page, 'failed-writes-spring-light');
  await page.locator('[data-testid="dlq-row"]', { hasText: 'ext:blob:1' }).click();
  await expect.poll(() => detail.locator('[data-testid="dlq-detail-value"] [data-format]').getAttribute('data-format'), reading).toBe('hex');

  // All against pending: with nothing replayed yet, the same records; oldest first puts the fixtures first.
  await page.click('[data-testid="dlq-filter-clear"]');
  await page.selectOption('[data-testid="dlq-order"]', 'oldest');
  await expect.poll(() => page.locator('[data-testid="dlq-row"]').first().textContent(), reading).toContain('ext:');
  await page.click('[data-testid="theme-toggle"]');
  await page.locator('[data-testid="dlq-row"]').first().click();
  await detail.locator('[data-testid="dlq-detail-original"]').waitFor();
  await shot(page, 'failed-writes-oldest-dark');
  await page.close();
});

test('an empty filter result and the empty pending list say so', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${serve.url}#/failed-writes`);
  if ((await theme(page)) !== 'light') await page.click('[data-testid="theme-toggle"]');
  await page.locator('[data-testid="dlq-row"]').first().waitFor({ timeout: 30_000 });
  await page.fill('[data-testid="dlq-filter-error"]', 'no error reads like this');
  await page.click('[data-testid="dlq-filter-apply"]');
  await expect.poll(() => page.locator('[data-testid="dlq-empty"]').textContent(), reading).toContain('No dead letter matches the filter');
  expect(await page.locator('[data-testid="dlq-page-status"]').textContent()).toMatch(/0 listed of [\d,]+ pending/);
  await shot(page, 'failed-writes-no-match-light');
  await page.close();
});
