import { describe, expect, test } from 'vitest';
import { parseDeadLetterFilter } from '../../../electron/main/cli/deadLetterFilterOption';

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
    expect(parseDeadLetterFilter(undefined, now)).toEqual({});
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

  test('since after until is a usage error', () => {
    expect(parseDeadLetterFilter(['since=1h', 'until=2h'], now)).toMatchObject({ exitCode: 2, reason: expect.stringMatching(/since must be before until/) });
  });
});
