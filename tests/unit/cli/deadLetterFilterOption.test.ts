import { describe, expect, test } from 'vitest';
import { parseDeadLetterFilter, parseOffsetRanges } from '../../../electron/main/cli/deadLetterFilterOption';

const now = Date.parse('2026-12-01T12:00:00Z');

describe('--filter', () => {
  test('every name maps to the shared filter', () => {
    expect(
      parseDeadLetterFilter(
        ['kind=permanent', 'error=constraint', 'key=product:*', 'key-hex=70 3A', 'since=1h', 'until=2026-12-01T11:30:00Z', 'topic=cache.writes', 'partition=2'],
        now,
      ),
    ).toEqual({
      errorKind: 'permanent',
      errorText: 'constraint',
      keyPattern: 'product:*',
      keyHex: '703a',
      since: now - 3_600_000,
      until: Date.parse('2026-12-01T11:30:00Z'),
      originalTopic: 'cache.writes',
      originalPartition: 2,
    });
    expect(parseDeadLetterFilter(undefined, now)).toBeUndefined();
    expect(parseDeadLetterFilter([], now)).toBeUndefined();
    expect(parseDeadLetterFilter(['error=a=b'], now)).toEqual({ errorText: 'a=b' });
    expect(parseDeadLetterFilter(['since=1764000000000'], now)).toEqual({ since: 1_764_000_000_000 });
  });

  test.each([
    ['colour=blue', /not "colour"/],
    ['kind=fatal', /kind= takes transient, permanent, unknown/],
    ['error', /NAME=VALUE/],
    ['error=', /NAME=VALUE/],
    ['key-hex=xyz', /key-hex=/],
    ['since=yesterday', /since= takes an age/],
    ['partition=-1', /partition= takes a partition number/],
  ])('%s is a usage error', (option, reason) => {
    expect(parseDeadLetterFilter([option], now)).toMatchObject({ exitCode: 2, reason: expect.stringMatching(reason) });
  });

  test('a name twice and since after until are usage errors', () => {
    expect(parseDeadLetterFilter(['kind=permanent', 'kind=transient'], now)).toMatchObject({ exitCode: 2, reason: '--filter kind is given twice' });
    expect(parseDeadLetterFilter(['since=1h', 'until=2h'], now)).toMatchObject({ exitCode: 2, reason: expect.stringMatching(/since must be before until/) });
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
