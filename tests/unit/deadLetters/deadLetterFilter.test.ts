import { describe, expect, it } from 'vitest';
import { deadLetterMatcher, type FilterableDeadLetter } from '../../../electron/main/core/analysis/deadLetterFilter';
import { deadLetterOrigin } from '../../../electron/main/core/analysis/deadLetterHeaders';
import { DeadLetterFilterSchema, type DeadLetterFilterInput } from '../../../shared/contracts/deadLetterFilter';

const failedAt = Date.parse('2026-11-30T12:00:00Z');

function letter(key: Buffer | null, headers: Record<string, string> = {}): FilterableDeadLetter {
  return {
    key,
    timestamp: failedAt + 60_000,
    origin: deadLetterOrigin({
      'x-error': '23514: new row for relation "products" violates check constraint "products_price_cents_check"',
      'x-error-kind': 'permanent',
      'x-original-topic': 'cache.writes',
      'x-original-partition': '2',
      'x-original-offset': '41',
      'x-failed-at': new Date(failedAt).toISOString(),
      ...headers,
    }),
  };
}

const matches = (filter: DeadLetterFilterInput, record: FilterableDeadLetter) => deadLetterMatcher(DeadLetterFilterSchema.parse(filter))(record);

describe('deadLetterMatcher', () => {
  const record = letter(Buffer.from('product:42'));

  it('matches everything with an empty filter, records without key or headers too', () => {
    expect(matches({}, record)).toBe(true);
    expect(matches({}, { key: null, timestamp: 0, origin: deadLetterOrigin({}) })).toBe(true);
  });

  it('narrows by each field, and by all of them together', () => {
    expect(matches({ errorText: 'CHECK CONSTRAINT' }, record)).toBe(true);
    expect(matches({ errorText: 'deadlock' }, record)).toBe(false);
    expect(matches({ errorKind: 'permanent' }, record)).toBe(true);
    expect(matches({ errorKind: 'transient' }, record)).toBe(false);
    expect(matches({ keyHex: Buffer.from('product:42').toString('hex') }, record)).toBe(true);
    expect(matches({ keyHex: Buffer.from('product:4').toString('hex') }, record)).toBe(false);
    expect(matches({ keyPattern: 'product:*' }, record)).toBe(true);
    expect(matches({ keyPattern: 'user:*' }, record)).toBe(false);
    expect(matches({ since: failedAt, until: failedAt + 1 }, record)).toBe(true);
    expect(matches({ since: failedAt + 1 }, record)).toBe(false);
    expect(matches({ originalTopic: 'cache.writes', originalPartition: 2 }, record)).toBe(true);
    expect(matches({ originalPartition: 1 }, record)).toBe(false);
    expect(matches({ errorKind: 'permanent', keyPattern: 'product:*', originalPartition: 2, errorText: 'price' }, record)).toBe(true);
  });

  it('matches binary keys by hex, and by a pattern over their bytes', () => {
    const binary = letter(Buffer.from([0x70, 0x3a, 0xff, 0x00]));
    expect(matches({ keyHex: '703aff00' }, binary)).toBe(true);
    expect(matches({ keyPattern: 'p:?\u0000' }, binary)).toBe(true);
    expect(matches({ keyPattern: 'p:??*x' }, binary)).toBe(false);
  });

  it('uses the record timestamp when the failure time is unknown', () => {
    const undated = { ...record, origin: { ...record.origin, failedAt: null } };
    expect(matches({ since: failedAt + 60_000 }, undated)).toBe(true);
    expect(matches({ until: failedAt + 60_000 }, undated)).toBe(false);
  });

  it('does not match a record lacking what the filter asks about', () => {
    expect(matches({ keyPattern: '*' }, letter(null))).toBe(false);
    expect(matches({ originalTopic: 'cache.writes' }, { key: null, timestamp: 0, origin: deadLetterOrigin({}) })).toBe(false);
  });

  it('rejects an empty time window with a message naming it', () => {
    expect(() => DeadLetterFilterSchema.parse({ since: 10, until: 10 })).toThrow(/since must be before until/);
    expect(() => DeadLetterFilterSchema.parse({ keyHex: 'XYZ' })).toThrow(/hex/);
    expect(() => DeadLetterFilterSchema.parse({ nope: 1 })).toThrow();
  });
});
