import { describe, expect, test } from 'vitest';
import { mappedKey, quoteIdent, tableOf } from '../../../electron/main/core/analysis/keyMapping';
import { envelopeIdentity } from '../../../shared/writeBehindProtocol';
import { jsonRow } from '../../../electron/main/core/analysis/databaseRow';

const mappings = [
  { keyPattern: 'product:{id}', table: 'products', keyColumn: 'id', versionColumn: 'version' },
  { keyPattern: 'user:{id}:profile', table: 'app.users', keyColumn: 'user_id', versionColumn: 'v' },
];

describe('mappedKey', () => {
  test.each([
    ['product:42', 'products', '42'],
    ['product:a:b', 'products', 'a:b'],
    ['user:7:profile', 'app.users', '7'],
  ])('%s → %s id %s', (key, table, id) => {
    expect(mappedKey(mappings, Buffer.from(key))).toMatchObject({ mapping: { table }, id });
  });

  test.each([['product:'], ['user::profile'], ['order:1'], ['user:7']])('%s is not mapped', (key) => {
    expect(mappedKey(mappings, Buffer.from(key))).toBeNull();
  });

  test('a key that is not UTF-8 is not mapped', () => {
    expect(mappedKey(mappings, Buffer.from([0x70, 0x72, 0x6f, 0x64, 0x75, 0x63, 0x74, 0x3a, 0xff]))).toBeNull();
  });
});

describe('quoting', () => {
  test('identifiers are quoted with quotes doubled; a schema-qualified table part by part', () => {
    expect(quoteIdent('id')).toBe('"id"');
    expect(quoteIdent('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
    expect(tableOf({ table: 'products' }).sql).toBe('"products"');
    expect(tableOf({ table: 'app.users' }).sql).toBe('"app"."users"');
    expect(tableOf({ table: 'we"ird.t"x' }).sql).toBe('"we""ird"."t""x"');
  });
});

describe('envelopeIdentity', () => {
  const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  test('reads op, entity, id (a number too) and version', () => {
    expect(envelopeIdentity(bytes({ op: 'upsert', entity: 'product', id: '42', version: 17, data: {} }))).toEqual({ op: 'upsert', entity: 'product', id: '42', version: 17 });
    expect(envelopeIdentity(bytes({ op: 'delete', entity: 'user', id: 7 }))).toEqual({ op: 'delete', entity: 'user', id: '7', version: null });
  });
  test.each([null, '', 'not json', '{"op":"upsert",', '[1]', '"text"', '{"op":1,"entity":"p","id":"1"}', '{"op":"upsert","entity":"p"}'])('%s is not an envelope', (value) => {
    expect(envelopeIdentity(value === null ? null : bytes(value))).toBeNull();
  });
});

describe('jsonRow', () => {
  test('timestamps as ISO 8601, bytea as hex, bigint as text, long text cut', () => {
    const row = jsonRow({ at: new Date('2025-11-26T10:00:00Z'), raw: Buffer.from([0, 255]), big: 12n, text: 'y'.repeat(5_000), nested: { a: [1, null] } });
    expect(row).toMatchObject({ at: '2025-11-26T10:00:00.000Z', raw: '\\x00ff', big: '12', nested: { a: [1, null] } });
    expect((row.text as string).length).toBe(4_097);
    expect(() => JSON.stringify(row)).not.toThrow();
  });
});
