import { describe, expect, test } from 'vitest';
import { parseDeadLetterFilter, parseOffsetRanges } from '../../../electron/main/cli/deadLetterFilterOption';

const now = Date.parse('2026-01-01T12:00:00.000Z');

describe('--filter name=value', () => {
  test('every name maps to its field of the shared filter', () => {
    expect(
      parseDeadLetterFilter(
        ['error=check constraint', 'kind=permanent', 'key=product:1', 'pattern=product:*', 'since=1h', 'until=2026-01-01T11:30:00Z', 'topic=cache.writes', 'partition=2'],
        now,
      ),
    ).toEqual({
      errorText: 'check constraint',
      errorKind: 'permanent',
      keyHex: Buffer.from('product:1').toString('hex'),
      keyPattern: 'product:*',
      since: now - 3_600_000,
      until: Date.parse('2026-01-01T11:30:00Z'),
      originalTopic: 'cache.writes',
      originalPartition: 2,
    });
  });

  test('a value may hold "="; no filter is undefined', () => {
    expect(parseDeadLetterFilter(['error=a=b'], now)).toEqual({ errorText: 'a=b' });
    expect(parseDeadLetterFilter(undefined, now)).toBeUndefined();
    expect(parseDeadLetterFilter([], now)).toBeUndefined();
  });

  test.each([
    ['color=red', /name must be one of/],
    ['error', /needs a value/],
    ['error=', /needs a value/],
    ['kind=fatal', /kind must be one of/],
    ['since=yesterday', /ISO 8601 time or an age/],
    ['partition=-1', /whole number/],
  ])('%s is a usage error', (option, reason) => {
    const result = parseDeadLetterFilter([option], now);
    expect(result).toMatchObject({ exitCode: 2 });
    expect((result as { reason: string }).reason).toMatch(reason);
  });

  test('a name twice and since after until are usage errors', () => {
    expect(parseDeadLetterFilter(['kind=permanent', 'kind=transient'], now)).toMatchObject({ exitCode: 2, reason: '--filter kind is given twice' });
    expect(parseDeadLetterFilter(['since=1h', 'until=2h'], now)).toMatchObject({ exitCode: 2 });
  });
});

describe('--offsets P:O-O', () => {
  test('ranges and single offsets', () => {
    expect(parseOffsetRanges(['0:5-9', '2:7'])).toEqual([{ partition: 0, from: 5, to: 9 }, { partition: 2, from: 7, to: 7 }]);
  });
  test.each(['0:9-5', '0', 'a:1-2', '0:1-'])('%s is a usage error', (value) => {
    expect(parseOffsetRanges([value])).toMatchObject({ exitCode: 2 });
  });
});
