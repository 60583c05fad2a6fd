import { describe, expect, test } from 'vitest';
import { compareVerdict, type VerdictInput } from '../../../electron/main/core/analysis/compareVerdict';
import { mappingForKey, suggestMapping } from '../../../electron/main/core/analysis/keyMapping';
import type { FieldComparison } from '../../../shared/contracts/investigate';
import { readWriteEnvelope } from '../../../shared/writeBehindProtocol';

const mapping = { keyPattern: 'product:{id}', table: 'products', keyColumn: 'id', versionColumn: 'version' };
const equalField: FieldComparison = { field: 'name', cache: 'a', database: 'a', presence: 'both', equal: true, rule: 'text' };
const differentField: FieldComparison = { ...equalField, database: 'b', equal: false };

function input(overrides: Partial<VerdictInput>): VerdictInput {
  return {
    mapping,
    suggested: null,
    cache: { state: 'value', version: '5', type: 'string', ttlMs: 60_000 },
    rowExists: true,
    rowVersion: '5',
    rowNote: null,
    fields: [equalField],
    pending: { records: [], complete: true },
    deadLetters: 0,
    slaMs: 5_000,
    ...overrides,
  };
}

const write = (ageMs: number | null, op = 'upsert') => ({ partition: 0, offset: '1', version: 6, op, ageMs });

describe('compareVerdict', () => {
  test('fresh: same version, every field equal', () => {
    expect(compareVerdict(input({}))).toMatchObject({ verdict: 'fresh', problem: false, ahead: null });
  });

  test('stale: an older cache version, or the same version with different content', () => {
    expect(compareVerdict(input({ rowVersion: '7' }))).toMatchObject({ verdict: 'stale', problem: true, headline: 'Stale: the cache holds version 5, the row version 7' });
    expect(compareVerdict(input({ fields: [differentField] }))).toMatchObject({ verdict: 'stale', headline: 'Stale: same version 5, different content' });
    expect(compareVerdict(input({ cache: { state: 'not-json', version: null, type: 'string', ttlMs: null } }))).toMatchObject({ verdict: 'stale' });
    expect(compareVerdict(input({ cache: { state: 'value', version: null, type: 'string', ttlMs: null }, fields: [differentField] }))).toMatchObject({ verdict: 'stale' });
    expect(compareVerdict(input({ cache: { state: 'value', version: null, type: 'string', ttlMs: null } }))).toMatchObject({ verdict: 'fresh' });
  });

  test('ahead within the SLA is normal; past it, or with no pending write, a problem; unreadable, unknown', () => {
    const ahead = (pending: VerdictInput['pending']) => compareVerdict(input({ rowVersion: '4', pending }));
    expect(ahead({ records: [write(1_000)], complete: true })).toMatchObject({ verdict: 'ahead', problem: false, ahead: { sla: 'within', oldestPendingAgeMs: 1_000, slaMs: 5_000 } });
    expect(ahead({ records: [write(9_000), write(1_000)], complete: true })).toMatchObject({ verdict: 'ahead', problem: true, ahead: { sla: 'breached', oldestPendingAgeMs: 9_000 } });
    expect(ahead({ records: [], complete: true })).toMatchObject({ verdict: 'ahead', problem: true, ahead: { sla: 'no-pending-write' } });
    expect(ahead({ records: [], complete: false })).toMatchObject({ verdict: 'ahead', problem: true, ahead: { sla: 'unknown' } });
    expect(ahead(null)).toMatchObject({ verdict: 'ahead', ahead: { sla: 'unknown' } });
    expect(ahead({ records: [write(null)], complete: true })).toMatchObject({ ahead: { sla: 'unknown' } });
  });

  test('a row Postgres lacks: ahead when an upsert of it is queued, else missing in the database', () => {
    expect(compareVerdict(input({ rowExists: false, rowVersion: null, pending: { records: [write(100)], complete: true } }))).toMatchObject({ verdict: 'ahead', problem: false });
    expect(compareVerdict(input({ rowExists: false, rowVersion: null, pending: { records: [write(100, 'delete')], complete: true } }))).toMatchObject({ verdict: 'missing-in-db', problem: true });
    expect(compareVerdict(input({ rowExists: false, rowVersion: null, deadLetters: 2 })).explanation).toContain('2 dead letters');
  });

  test('missing in cache, negative-cached, unmapped', () => {
    expect(compareVerdict(input({ cache: { state: 'absent', version: null, type: null, ttlMs: null } }))).toMatchObject({ verdict: 'missing-in-cache', problem: false });
    expect(compareVerdict(input({ cache: { state: 'sentinel', version: null, type: 'string', ttlMs: 4_000 }, rowExists: false }))).toMatchObject({ verdict: 'negative-cached', problem: false });
    expect(compareVerdict(input({ cache: { state: 'sentinel', version: null, type: 'string', ttlMs: null }, rowExists: false }))).toMatchObject({ verdict: 'negative-cached', problem: true });
    expect(compareVerdict(input({ cache: { state: 'sentinel', version: null, type: 'string', ttlMs: 4_000 } }))).toMatchObject({ verdict: 'negative-cached', problem: true });
    const unmapped = compareVerdict(input({ mapping: null, suggested: { ...mapping, keyPattern: 'order:{id}', table: 'orders' }, rowExists: null }));
    expect(unmapped).toMatchObject({ verdict: 'unmapped', problem: false });
    expect(unmapped.explanation).toContain('"keyPattern": "order:{id}", "table": "orders"');
  });
});

describe('mappings', () => {
  const bytes = (text: string) => Buffer.from(text);
  test('a key pattern matches bytes around a non-empty id', () => {
    expect(mappingForKey(bytes('product:42'), [mapping])).toEqual({ mapping, id: '42' });
    expect(mappingForKey(bytes('product:'), [mapping])).toBeNull();
    expect(mappingForKey(bytes('products:42'), [mapping])).toBeNull();
    const suffixed = { ...mapping, keyPattern: 'v2:{id}:row' };
    expect(mappingForKey(bytes('v2:7:row'), [mapping, suffixed])).toEqual({ mapping: suffixed, id: '7' });
    expect(mappingForKey(Buffer.from([...bytes('product:'), 0xff]), [mapping])).toEqual({ mapping, id: null });
    expect(mappingForKey(Buffer.from([...bytes('product:a'), 0x00]), [mapping])).toEqual({ mapping, id: null });
  });

  test('the suggestion names the namespace and a plural table', () => {
    expect(suggestMapping(bytes('order:12'), ':')).toMatchObject({ keyPattern: 'order:{id}', table: 'orders' });
    expect(suggestMapping(bytes('no-delimiter'), ':')).toBeNull();
    expect(suggestMapping(Buffer.from([0xff, 0x3a, 0x31]), ':')).toBeNull();
  });
});

describe('readWriteEnvelope', () => {
  test('takes what it can and never throws', () => {
    expect(readWriteEnvelope('{"op":"upsert","version":3,"producedAt":5}')).toEqual({ op: 'upsert', entity: null, id: null, version: 3, producedAt: 5, data: null });
    expect(readWriteEnvelope('{"op":7,"version":"3"}')).toEqual({ op: null, entity: null, id: null, version: null, producedAt: null, data: null });
    expect(readWriteEnvelope('[1]')).toBeNull();
    expect(readWriteEnvelope(Buffer.from([0xff, 0xfe]))).toBeNull();
    expect(readWriteEnvelope(null)).toBeNull();
  });
});
