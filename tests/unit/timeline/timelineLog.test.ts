import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { TimelineEventSchema, type TimelineEvent } from '../../../shared/contracts/timeline';
import { loadTimelineFile, saveTimelineFile } from '../../../electron/main/core/timeline/timelineFile';
import { TimelineLog } from '../../../electron/main/core/timeline/timelineLog';

const dir = mkdtempSync(join(tmpdir(), 'cachescope-timeline-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const day = 86_400_000;
const note = (id: string, at: number): TimelineEvent => ({ id, kind: 'annotation', at, severity: 'info', title: id, detail: null, route: '/timeline', source: 'you' });

test('kept across a restart in a private file; a week old is pruned on load; the newest N kept by count', async () => {
  const path = join(dir, 'history', 'p.timeline.json.gz');
  const now = Date.now();
  await saveTimelineFile(path, { settings: { hitRateAlert: 0.9 }, events: [note('eight-days-old', now - 8 * day), note('six-days-old', now - 6 * day)] }, now);

  const first = new TimelineLog({ path, maxEvents: 4 });
  expect((await first.list({ limit: 100 })).events.map((e) => e.id)).toEqual(['six-days-old']);
  expect(await first.hitRateAlert()).toBe(0.9);
  for (const text of ['a', 'b', 'c', 'd']) await first.annotate(text, undefined);
  const kept = (await first.list({ limit: 100 })).events;
  expect(kept.map((e) => e.title)).toEqual(['a', 'b', 'c', 'd']);
  expect(first.isWriter).toBe(true);
  await first.dispose();
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(existsSync(`${path}.lock`)).toBe(false);

  const second = new TimelineLog({ path, maxEvents: 4 });
  expect((await second.list({ limit: 100 })).events).toEqual(kept);
  await expect(second.annotate('too old', now - 8 * day)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  await second.dispose();
});

test('read-only (the CLI) reads the saved timeline and never writes it', async () => {
  const path = join(dir, 'history', 'ro.timeline.json.gz');
  await saveTimelineFile(path, { settings: { hitRateAlert: null }, events: [note('saved', Date.now() - 1_000)] }, Date.now());
  const reader = new TimelineLog({ path, readOnly: true });
  await reader.annotate('in memory only', undefined);
  expect((await reader.list({ limit: 10 })).events).toHaveLength(2);
  expect(reader.isWriter).toBe(false);
  await reader.dispose();
  expect((await loadTimelineFile(path, () => undefined)).events.map((e) => e.id)).toEqual(['saved']);
});

test('an unreadable event is dropped alone; an unreadable file is an empty timeline', async () => {
  const path = join(dir, 'history', 'bad.timeline.json.gz');
  const warnings: string[] = [];
  await saveTimelineFile(path, { settings: { hitRateAlert: null }, events: [note('good', 1), { ...note('bad', 2), severity: 'nope' } as unknown as TimelineEvent] }, 3);
  expect((await loadTimelineFile(path, (w) => warnings.push(w))).events.map((e) => e.id)).toEqual(['good']);
  expect(warnings[0]).toContain('dropped 1 unreadable events');
  expect(await loadTimelineFile(join(dir, 'missing.json.gz'), (w) => warnings.push(w))).toEqual({ settings: { hitRateAlert: null }, events: [] });
});

test('a note of the longest length, and a detail longer than the contract allows, still make valid events', async () => {
  const log = new TimelineLog({ path: null });
  const note = await log.annotate('n'.repeat(500), undefined);
  expect(TimelineEventSchema.safeParse(note).success).toBe(true);
  const long = await log.add({ kind: 'service', at: Date.now(), severity: 'critical', title: 't'.repeat(5_000), detail: 'd'.repeat(10_000), route: '/overview', source: 'health monitor' });
  expect(TimelineEventSchema.safeParse(long).success).toBe(true);
  expect(long.detail!.endsWith('…')).toBe(true);
  await log.dispose();
});
