import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { TimelineEvent } from '../../../shared/contracts/timeline';
import { Core, type CoreEvent } from '../../../electron/main/core/core';
import { createKafka } from '../../../demo/kafkaClient';
import { openBrowser, screenshotDir } from '../../e2e/support/browser';
import { uniqueName } from '../demo/support';
import { jobEnd } from '../writeBehind/support';
import { freePort, ThrowawayRedis } from '../support/throwawayRedis';
import { waitFor } from '../support/waitFor';
import { expectNoLeaks } from '../support/leaks';

/**
 * The timeline against real services: a private Redis (with a password) killed and started
 * again, a write-behind queue nobody consumes (its status changes to STOP), an invalidation;
 * then the timeline after a restart of the core, and the incident export opened in Chromium
 * with the network cut off, searched for the profile's passwords.
 */

const endpoints = inject('endpoints');
// Distinctive, with characters URLs and HTML care about.
const redisPassword = 'TlRedis#Leak<1>';
const postgresPassword = 'TlPgLeak&2';
const spellings = [redisPassword, postgresPassword].flatMap((s) => [s, encodeURIComponent(s), s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)]);

const names = { topic: uniqueName('tl.writes'), dlq: uniqueName('tl.writes.dlq'), group: uniqueName('tl-flusher') };
let home: string;
let server: ThrowawayRedis;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'cachescope-timeline-'));
  server = new ThrowawayRedis(await freePort(), ['--requirepass', redisPassword]);
  await server.start();
  const admin = createKafka(endpoints.kafkaBrokers, uniqueName('tl-admin'), 'nothing').admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: names.topic, numPartitions: 1 }, { topic: names.dlq, numPartitions: 1 }] });
  const producer = createKafka(endpoints.kafkaBrokers, uniqueName('tl-producer'), 'nothing').producer();
  await producer.connect();
  // Writes waiting with no flusher: the queue's status goes from OK to STOP within a window.
  await producer.send({ topic: names.topic, messages: [1, 2, 3].map((i) => ({ key: `product:${i}`, value: JSON.stringify({ op: 'upsert', id: String(i), version: 1 }) })) });
  await producer.disconnect();
  await admin.disconnect();
  const profiles = join(home, 'profiles.json');
  writeFileSync(
    profiles,
    JSON.stringify({
      profiles: [
        {
          id: 'tl',
          name: 'Timeline test',
          environment: 'development',
          redis: { url: server.url, password: redisPassword },
          postgres: { url: `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:5432/postgres` },
          kafka: { brokers: endpoints.kafkaBrokers },
          writeBehind: { queueTopic: names.topic, dlqTopic: names.dlq, flusherGroup: names.group },
          stats: { intervalMs: 500, levelIntervalMs: 1_000 },
        },
      ],
    }),
    { mode: 0o600 },
  );
  env = { CACHESCOPE_HOME: home, CACHESCOPE_PROFILES: profiles };
});

afterAll(async () => {
  await server?.kill();
  const admin = createKafka(endpoints.kafkaBrokers, uniqueName('tl-admin'), 'nothing').admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [names.topic, names.dlq] }).catch(() => undefined);
  await admin.disconnect();
  rmSync(home, { recursive: true, force: true });
});

const openCore = () =>
  Core.create({
    frontEnd: 'serve',
    env,
    profileId: 'tl',
    healthOptions: { intervalMs: 300, retryBaseMs: 200, maxRetryMs: 600 },
    queueLagOptions: { intervalMs: 250, windowMs: 2_000 },
  });

async function listed(core: Core): Promise<TimelineEvent[]> {
  return (await core.invoke('timeline.list', { since: 0 })).events;
}

async function waitForEvent(core: Core, title: string | RegExp, after = 0): Promise<TimelineEvent> {
  let found: TimelineEvent | undefined;
  await waitFor(`the timeline event "${title}"`, async () => {
    found = (await listed(core)).find((e) => e.at >= after && (typeof title === 'string' ? e.title === title : title.test(e.title)));
    return found !== undefined;
  }, 60_000);
  return found!;
}

let firstRun: TimelineEvent[] = [];
const window = { from: 0, to: 0 };

test('an outage, a write-behind status change and an invalidation are on the timeline in order, live and listed', { timeout: 180_000 }, () => expectNoLeaks(async () => {
  window.from = Date.now() - 1_000;
  const core = await openCore();
  const live: TimelineEvent[] = [];
  const subscription = core.onEvent((event: CoreEvent) => {
    if (event.name === 'timeline.event') live.push(event.payload as TimelineEvent);
  });
  try {
    await core.startWatching();
    const stopped = await waitForEvent(core, 'Write-behind stopped');
    expect(stopped).toMatchObject({ kind: 'writeBehind', severity: 'critical', route: '/write-behind' });
    expect(stopped.detail).toContain(names.group);

    await server.kill();
    const down = await waitForEvent(core, 'Redis down', stopped.at);
    expect(down).toMatchObject({ kind: 'service', severity: 'critical', route: '/overview' });
    await server.start();
    const back = await waitForEvent(core, 'Redis back', down.at);
    expect(back.severity).toBe('ok');

    const redis = new Redis(server.url, { password: redisPassword });
    await redis.mset('tlkey:1', 'a', 'tlkey:2', 'b', 'other', 'c');
    const job = await core.invoke('controls.invalidate', { target: { by: 'pattern', pattern: 'tlkey:*' } });
    expect((await jobEnd(core, job.id)).state).toBe('succeeded');
    expect(await redis.exists('tlkey:1', 'tlkey:2', 'other')).toBe(1);
    redis.disconnect();
    const invalidated = await waitForEvent(core, 'Keys invalidated', back.at);
    expect(invalidated).toMatchObject({ kind: 'action', route: '/audit', source: 'audit log' });
    expect(invalidated.detail).toContain('tlkey:*');

    // A note pasted with a password in it is kept without it.
    const note = await core.invoke('timeline.annotate', { text: `failover done, AUTH ${redisPassword} worked` });
    expect(note).toMatchObject({ kind: 'annotation', source: 'you' });
    expect(note.title).not.toContain(redisPassword);
    await expect(core.invoke('timeline.annotate', { text: 'later', at: Date.now() + 3_600_000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const events = await listed(core);
    const order = [stopped, down, back, invalidated, note].map((e) => events.findIndex((x) => x.id === e.id));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The same events arrived live, the invalidation included (from the audit log's append).
    for (const e of [stopped, down, back, invalidated, note]) expect(live.map((l) => l.id)).toContain(e.id);

    // Kinds filter: only the actions.
    const actions = (await core.invoke('timeline.list', { since: 0, kinds: ['action'] })).events;
    expect(actions.map((e) => e.id)).toEqual([invalidated.id]);

    firstRun = events;
    window.to = Date.now() + 1_000;
  } finally {
    await subscription.dispose();
    await core.dispose();
  }
}));

test('the timeline survives a restart of the core', { timeout: 120_000 }, () => expectNoLeaks(async () => {
  expect(firstRun.length).toBeGreaterThan(0);
  const core = await openCore();
  try {
    const events = await listed(core);
    for (const e of firstRun) expect(events.map((x) => x.id)).toContain(e.id);
  } finally {
    await core.dispose();
  }
}));

test('the incident export opens in Chromium with the network cut off, shows its charts, and holds no password', { timeout: 180_000 }, async () => {
  const core = await openCore();
  let exported;
  try {
    exported = await core.invoke('timeline.exportIncident', window);
  } finally {
    await core.dispose();
  }
  expect(exported.events).toBeGreaterThanOrEqual(firstRun.length);
  expect(exported.auditRecords).toBe(1);
  for (const secret of spellings) expect(exported.html.includes(secret), `the export contains "${secret}"`).toBe(false);
  const file = join(home, exported.fileName);
  writeFileSync(file, exported.html);

  const browser = await openBrowser();
  try {
    const requests: string[] = [];
    await browser.context.setOffline(true);
    await browser.context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await browser.context.newPage();
    await page.goto(`file://${file}`);
    const charts = page.locator('figure svg');
    expect(await charts.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await charts.nth(i).locator('path').count()).toBeGreaterThan(3);
    expect(await page.locator('h1').textContent()).toContain('Timeline test');
    const rows = await page.locator('table').first().locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('Redis down'))).toBe(true);
    expect(rows.some((r) => r.includes('Keys invalidated'))).toBe(true);
    const data = JSON.parse((await page.locator('#incident-data').textContent())!) as { format: string; events: unknown[]; audit: unknown[] };
    expect(data.format).toBe('cachescope-incident/1');
    expect(data.audit).toHaveLength(1);
    await page.screenshot({ path: join(screenshotDir, 'timeline-export.png'), fullPage: true });
    expect(requests).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('a key comparison is an event on the timeline and travels in the incident export', { timeout: 60_000 }, async () => {
  const core = await openCore();
  try {
    const from = Date.now();
    // No mapping covers "tlnote:1": compared without a Postgres row, the verdict is `unmapped`.
    const comparison = await core.invoke('keys.compare', { hex: Buffer.from('tlnote:1').toString('hex') });
    expect(comparison.verdict).toBe('unmapped');
    const [event] = (await core.invoke('timeline.list', { since: from, kinds: ['investigation'] })).events;
    expect(event).toMatchObject({ kind: 'investigation', title: 'tlnote:1: unmapped', route: `/investigate?key=${Buffer.from('tlnote:1').toString('hex')}` });
    const exported = await core.invoke('timeline.exportIncident', { from, to: Date.now() + 1_000 });
    expect(exported.html).toContain('tlnote:1');
    expect(exported.html).toContain('unmapped');
    for (const secret of spellings) expect(exported.html.includes(secret), `the export contains "${secret}"`).toBe(false);
  } finally {
    await core.dispose();
  }
});
