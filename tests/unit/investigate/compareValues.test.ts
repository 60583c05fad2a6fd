import { describe, expect, test } from 'vitest';
import { canonicalDecimal, compareFields, compareVersions, databaseJson, jsonEqual, timestampMicros, valuesEqual, versionText } from '../../../electron/main/core/analysis/compareValues';

const col = (typeId: number, text: string | null, name = 'c') => ({ name, typeId, text });

describe('canonicalDecimal', () => {
  test.each([
    ['17', '17'],
    ['017', '17'],
    ['-0', '0'],
    ['0.000', '0'],
    ['2500.50', '2500.5'],
    ['1e3', '1000'],
    ['1.5E-2', '0.015'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['-00.10', '-0.1'],
    ['.5', '0.5'],
  ])('%s → %s', (text, canonical) => expect(canonicalDecimal(text)).toBe(canonical));

  test.each(['', 'abc', '1.2.3', 'NaN', 'Infinity', '1e99999', '-'])('%s is not a decimal', (text) => expect(canonicalDecimal(text)).toBeNull());
});

describe('valuesEqual by the column type', () => {
  test('bigint and numeric compare exactly, whatever the cached form', () => {
    expect(valuesEqual(17, col(20, '17'))).toBe(true);
    expect(valuesEqual('17', col(20, '17'))).toBe(true);
    expect(valuesEqual(18, col(20, '17'))).toBe(false);
    expect(valuesEqual('9007199254740993', col(20, '9007199254740993'))).toBe(true);
    // A JSON number past 2^53 was already rounded when the cache was parsed: it cannot match.
    expect(valuesEqual(9007199254740993, col(20, '9007199254740993'))).toBe(false);
    expect(valuesEqual(25, col(1700, '25.00'))).toBe(true);
    expect(valuesEqual('25.0', col(1700, '25.00'))).toBe(true);
    expect(valuesEqual(true, col(20, '1'))).toBe(false);
  });

  test('timestamps are equal by instant, at the cache precision', () => {
    expect(valuesEqual('2025-11-26T10:00:00.123Z', col(1184, '2025-11-26 10:00:00.123456+00'))).toBe(true);
    expect(valuesEqual('2025-11-26T11:00:00.123+01:00', col(1184, '2025-11-26 10:00:00.123+00'))).toBe(true);
    expect(valuesEqual('2025-11-26T10:00:00.123456Z', col(1184, '2025-11-26 10:00:00.123457+00'))).toBe(false);
    expect(valuesEqual('2025-11-26T10:00:01.000Z', col(1184, '2025-11-26 10:00:00+00'))).toBe(false);
    expect(valuesEqual('2025-11-26T10:00:00.000Z', col(1114, '2025-11-26 10:00:00'))).toBe(true);
    expect(valuesEqual('2025-11-26', col(1082, '2025-11-26'))).toBe(true);
    expect(valuesEqual(1764151200000, col(1184, '2025-11-26 10:00:00+00'))).toBe(false);
    expect(valuesEqual('yesterday', col(1184, '2025-11-26 10:00:00+00'))).toBe(false);
  });

  test('json and jsonb ignore key order and accept the JSON as a string', () => {
    expect(valuesEqual({ b: 1, a: [1, { c: null }] }, col(3802, '{"a": [1, {"c": null}], "b": 1}'))).toBe(true);
    expect(valuesEqual('{"b":1,"a":[1,{"c":null}]}', col(114, '{"a":[1,{"c":null}],"b":1}'))).toBe(true);
    expect(valuesEqual({ a: 1 }, col(3802, '{"a": 2}'))).toBe(false);
    expect(valuesEqual('not json', col(3802, '"not json"'))).toBe(true);
  });

  test('booleans, text, bytea and NULL', () => {
    expect(valuesEqual(true, col(16, 't'))).toBe(true);
    expect(valuesEqual('t', col(16, 't'))).toBe(false);
    expect(valuesEqual('Lamp', col(25, 'Lamp'))).toBe(true);
    expect(valuesEqual('lamp', col(25, 'Lamp'))).toBe(false);
    expect(valuesEqual('\\x00ff', col(17, '\\x00ff'))).toBe(true);
    expect(valuesEqual({ type: 'Buffer', data: [0, 255] }, col(17, '\\x00ff'))).toBe(true);
    expect(valuesEqual(null, col(25, null))).toBe(true);
    expect(valuesEqual(null, col(25, ''))).toBe(false);
    expect(valuesEqual('', col(25, null))).toBe(false);
  });
});

describe('the row as JSON, the fields side by side, versions', () => {
  test('columns travel as JSON by type', () => {
    expect(databaseJson(col(23, '42'))).toBe(42);
    expect(databaseJson(col(20, '9007199254740993'))).toBe('9007199254740993');
    expect(databaseJson(col(1184, '2025-11-26 10:00:00.5+00'))).toBe('2025-11-26T10:00:00.5+00:00');
    expect(databaseJson(col(1184, '2025-11-26 10:00:00+05:30'))).toBe('2025-11-26T10:00:00+05:30');
    expect(databaseJson(col(3802, '{"a": 1}'))).toEqual({ a: 1 });
    expect(databaseJson(col(16, 'f'))).toBe(false);
  });

  test('fields of either side, the row order first', () => {
    const fields = compareFields({ id: '1', extra: 5, name: 'x' }, [col(25, '1', 'id'), col(25, 'y', 'name'), col(23, '3', 'stock')]);
    expect(fields.map((f) => [f.field, f.presence, f.equal])).toEqual([
      ['id', 'both', true],
      ['name', 'both', false],
      ['stock', 'database-only', false],
      ['extra', 'cache-only', false],
    ]);
  });

  test('versions are integers as numbers or text, compared exactly', () => {
    expect(versionText(17)).toBe('17');
    expect(versionText('1764143100000123')).toBe('1764143100000123');
    expect(versionText(1.5)).toBeNull();
    expect(versionText(true)).toBeNull();
    expect(versionText(undefined)).toBeNull();
    expect(compareVersions('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareVersions('3', '17')).toBe(-1);
  });

  test('timestamps and JSON helpers', () => {
    expect(timestampMicros('1970-01-01T00:00:01.000001Z')).toBe(1_000_001n);
    expect(timestampMicros('1970-01-01 01:00:00+01')).toBe(0n);
    expect(timestampMicros('soon')).toBeNull();
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: undefined }, {})).toBe(false);
  });
});
