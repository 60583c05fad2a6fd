import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { auditCsv, csvField } from '../../../shared/auditCsv';
import { invalidateConfirmation, flushConfirmation } from '../../../shared/confirmation';
import { countsOf, redactParameters, shapeAuditRecord, type AuditEntry } from '../../../electron/main/core/analysis/auditRecord';
import { AuditLog } from '../../../electron/main/core/audit/auditLog';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: Date.UTC(2026, 11, 1, 20, 0, 0),
  user: 'ops',
  host: 'laptop',
  frontEnd: 'cli',
  profile: { id: 'prod', name: 'Production', environment: 'production' },
  action: 'keys.invalidate',
  parameters: { pattern: 'product:*' },
  counts: { matched: 3, deleted: 2 },
  durationMs: 12.4,
  outcome: 'ok',
  error: null,
  ...overrides,
});

test('a record has every field, the time in ISO UTC, a whole duration, and the error without its details', () => {
  const record = shapeAuditRecord(entry({ outcome: 'failed', error: { code: 'UNAVAILABLE', message: 'Redis went away', details: { secret: 'x' } } }));
  expect(record).toEqual({
    time: '2026-12-01T20:00:00.000Z',
    user: 'ops',
    host: 'laptop',
    frontEnd: 'cli',
    profileId: 'prod',
    profileName: 'Production',
    environment: 'production',
    action: 'keys.invalidate',
    parameters: { pattern: 'product:*' },
    counts: { matched: 3, deleted: 2 },
    durationMs: 12,
    outcome: 'failed',
    error: { code: 'UNAVAILABLE', message: 'Redis went away' },
  });
});

test('no secret is written: secret-named parameters replaced, URL passwords removed, long values and lists cut', () => {
  const redacted = redactParameters({
    password: 'hunter2',
    sasl: { username: 'u', password: 'p' },
    apiToken: 't',
    url: 'redis://user:hunter2@host:6379',
    key: 'product:1',
    keys: Array.from({ length: 30 }, (_, i) => `k${i}`),
    pattern: 'x'.repeat(2_000),
    nested: { password: 'p', ok: 1 },
  });
  expect(JSON.stringify(redacted)).not.toContain('hunter2');
  expect(redacted.password).toBe('***');
  expect(redacted.sasl).toBe('***');
  expect(redacted.apiToken).toBe('***');
  expect(redacted.url).toBe('redis://host:6379');
  expect(redacted.key).toBe('product:1');
  expect(redacted.keys).toHaveLength(21);
  expect((redacted.keys as string[])[20]).toBe('… 30 in all');
  expect((redacted.pattern as string).length).toBeLessThan(600);
  expect(redacted.nested).toEqual({ password: '***', ok: 1 });
});

test('counts are the numbers of a result or of a failure\'s details', () => {
  expect(countsOf({ matched: 5, deleted: 4, reportFile: null, note: 'x' })).toEqual({ matched: 5, deleted: 4 });
  expect(countsOf(undefined)).toEqual({});
});

test('CSV: a header, quoted fields with commas, quotes and line breaks, formula starts defused', () => {
  expect(csvField('plain')).toBe('plain');
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  const csv = auditCsv([shapeAuditRecord(entry({ parameters: { pattern: 'a,b*' } }))]);
  const [header, row, end] = csv.split('\r\n');
  expect(header).toBe('time,user,host,frontEnd,profileId,environment,action,outcome,durationMs,counts,parameters,error');
  expect(row).toBe('2026-12-01T20:00:00.000Z,ops,laptop,cli,prod,production,keys.invalidate,ok,12,"{""matched"":3,""deleted"":2}","{""pattern"":""a,b*""}",');
  expect(end).toBe('');
});

test('confirmation: none up to the limit; the pattern above it; the profile name in production, for key lists and flushes', () => {
  const dev = { name: 'Dev', environment: 'development', confirmAbove: 100 };
  expect(invalidateConfirmation(dev, 'product:*', 100).required).toBe(false);
  expect(invalidateConfirmation(dev, 'product:*', 101)).toMatchObject({ required: true, text: 'product:*' });
  expect(invalidateConfirmation(dev, null, 101)).toMatchObject({ required: true, text: 'Dev' });
  expect(invalidateConfirmation({ ...dev, environment: 'production' }, 'product:*', 101)).toMatchObject({ required: true, text: 'Dev' });
  expect(flushConfirmation({ name: 'Dev' })).toMatchObject({ required: true, text: 'Dev' });
});

const dir = mkdtempSync(join(tmpdir(), 'cachescope-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the log is a 0600 file in a 0700 folder, read newest first, page by page from the end, filtered', { timeout: 30_000 }, async () => {
  const log = new AuditLog(join(dir, 'private', 'audit.jsonl'));
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 600; i++) {
    await log.append(
      shapeAuditRecord(entry({ at: start + i * 1000, action: i % 2 ? 'keys.invalidate' : 'cache.flushDb', outcome: i % 5 === 0 ? 'refused' : 'ok', parameters: { pattern: `p${i}:*`, pad: 'x'.repeat(100) } })),
    );
  }
  expect(statSync(log.path).mode & 0o777).toBe(0o600);
  expect(statSync(join(dir, 'private')).mode & 0o777).toBe(0o700);

  const seen: string[] = [];
  let before: number | null | undefined;
  do {
    const page = await log.read({ limit: 70, ...(before !== undefined && before !== null ? { before } : {}) });
    seen.push(...page.records.map((r) => r.parameters.pattern as string));
    before = page.before;
    expect(page.scannedBytes).toBeLessThanOrEqual(4 * 1024 * 1024 + 64 * 1024);
  } while (before !== null);
  expect(seen).toEqual(Array.from({ length: 600 }, (_, i) => `p${599 - i}:*`));

  const refused = await log.read({ limit: 1_000, outcome: 'refused', action: 'cache.flushDb' });
  expect(refused.records).toHaveLength(60);
  expect(refused.records.every((r) => r.outcome === 'refused' && r.action === 'cache.flushDb')).toBe(true);
  const text = await log.read({ limit: 10, text: 'P599:' });
  expect(text.records.map((r) => r.parameters.pattern)).toEqual(["p599:*"]);
  const since = await log.read({ limit: 1_000, since: start + 590 * 1000 });
  expect(since.records).toHaveLength(10);
  expect(since.before).toBeNull();
});

test('a torn line is skipped, and a missing file is an empty page', async () => {
  const { appendFile } = await import('node:fs/promises');
  const log = new AuditLog(join(dir, 'torn', 'audit.jsonl'));
  expect((await log.read({ limit: 10 })).records).toEqual([]);
  await log.append(shapeAuditRecord(entry()));
  await appendFile(log.path, '{"time":"2026-12-0');
  await log.append(shapeAuditRecord(entry({ action: 'cache.flushDb' })));
  const page = await log.read({ limit: 10 });
  expect(page.skippedLines).toBe(1);
  expect(page.records.map((r) => r.action)).toEqual(['keys.invalidate']);
});
