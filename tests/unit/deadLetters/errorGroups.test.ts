import { describe, expect, test } from 'vitest';
import { ErrorGroups, normaliseErrorMessage } from '../../../electron/main/core/analysis/errorGroups';
import { groupErrorText, noErrorMessage } from '../../../shared/deadLetterGroupText';

describe('normaliseErrorMessage', () => {
  test.each([
    [
      '23514: new row for relation "products" violates check constraint "products_price_cents_check"; Failing row contains (5, n5, -6, 1, 1005)',
      '23514: new row for relation "products" violates check constraint "products_price_cents_check"; Failing row contains (<n>, n<n>, <n>, <n>, <n>)',
    ],
    ['23505: duplicate key value violates unique constraint "users_email_key"', '23505: duplicate key value violates unique constraint "users_email_key"'],
    ['invalid input syntax for type integer: "abc"', 'invalid input syntax for type integer: <value>'],
    ["value 'O''Brien' is too long", 'value <value> is too long'],
    ['order 550e8400-e29b-41d4-a716-446655440000 not found', 'order <uuid> not found'],
    ['checksum deadbeef12 mismatch at 0x1F', 'checksum <hex> mismatch at <hex>'],
    ['57014: canceling statement due to statement timeout after 3001 ms', '57014: canceling statement due to statement timeout after <n> ms'],
    ['took 1.5 s\n\n  then   failed', 'took <n> s then failed'],
  ])('%s', (message, normalised) => {
    expect(normaliseErrorMessage(message)).toBe(normalised);
  });

  test('words that look like hex but have no digit stay (a "deadbeef" word, "cafe")', () => {
    expect(normaliseErrorMessage('the cafe is closed')).toBe('the cafe is closed');
  });

  test('messages of one error on different rows read alike; different constraints do not', () => {
    const a = normaliseErrorMessage('23514: violates check constraint "a_check" for id 1');
    expect(normaliseErrorMessage('23514: violates check constraint "a_check" for id 99')).toBe(a);
    expect(normaliseErrorMessage('23514: violates check constraint "b_check" for id 1')).not.toBe(a);
  });

  test('a long message is cut at 300 characters', () => {
    const normalised = normaliseErrorMessage('x'.repeat(5_000));
    expect(normalised).toHaveLength(300);
    expect(normalised.endsWith('…')).toBe(true);
  });
});

describe('ErrorGroups', () => {
  const letter = (offset: number, at: number, error: string | null, errorKind: 'transient' | 'permanent' = 'permanent') => ({ partition: 0, offset: String(offset), at, error, errorKind });

  test('counts per pattern and kind, first and last seen, the latest as the example, biggest first', () => {
    const groups = new ErrorGroups(10);
    groups.add(letter(0, 300, 'row 1 failed'));
    groups.add(letter(1, 100, 'row 2 failed'));
    groups.add(letter(2, 200, 'row 3 failed'));
    groups.add(letter(3, 150, 'row 3 failed', 'transient'));
    groups.add(letter(4, 50, null));
    groups.add(letter(5, 60, '  '));
    expect(groups.list()).toEqual([
      { pattern: 'row <n> failed', errorKind: 'permanent', count: 3, firstSeen: 100, lastSeen: 300, example: letter(0, 300, 'row 1 failed') },
      { pattern: noErrorMessage, errorKind: 'permanent', count: 2, firstSeen: 50, lastSeen: 60, example: letter(5, 60, '  ') },
      { pattern: 'row <n> failed', errorKind: 'transient', count: 1, firstSeen: 150, lastSeen: 150, example: letter(3, 150, 'row 3 failed', 'transient') },
    ]);
    expect(groups.ungrouped).toBe(0);
  });

  test('past the bound, new patterns are counted as ungrouped and known ones still grow', () => {
    const groups = new ErrorGroups(2);
    groups.add(letter(0, 1, 'alpha'));
    groups.add(letter(1, 2, 'beta'));
    groups.add(letter(2, 3, 'gamma'));
    groups.add(letter(3, 4, 'delta'));
    groups.add(letter(4, 5, 'alpha'));
    expect(groups.list().map((g) => [g.pattern, g.count])).toEqual([
      ['alpha', 2],
      ['beta', 1],
    ]);
    expect(groups.ungrouped).toBe(2);
  });
});

describe('groupErrorText', () => {
  test('the longest stretch without a placeholder, which every record of the group contains', () => {
    const message = '23514: new row for relation "products" violates check constraint "products_price_cents_check"; Failing row contains (5, n5, -6, 1, 1005)';
    const text = groupErrorText(normaliseErrorMessage(message));
    expect(text).toBe('23514: new row for relation "products" violates check constraint "products_price_cents_check"; Failing row contains (');
    expect(message.includes(text!)).toBe(true);
    expect(groupErrorText('<n> <n>')).toBeNull();
    expect(groupErrorText(noErrorMessage)).toBeNull();
    expect(groupErrorText(`${'x'.repeat(299)}…`)).toBe('x'.repeat(299));
  });
});
