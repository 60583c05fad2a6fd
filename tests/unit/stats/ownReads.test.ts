import { describe, expect, it, test } from 'vitest';
import { noOwnReads, typeAndTtlReads, withoutOwnReads } from '../../../electron/main/core/analysis/ownReads';
import { OwnReadsLedger } from '../../../electron/main/core/samplers/ownReadsLedger';

const interval = { hits: 4, misses: 2, hitsPerSec: 0.4, missesPerSec: 0.2, opsPerSec: 9, evictedPerSec: 0, expiredPerSec: 0 };

test('the sampler’s own namespace reads are not the application’s', () => {
  expect(withoutOwnReads(interval, { hits: 2, misses: 0 })).toEqual({ ...interval, hits: 2, hitsPerSec: 0.2 });
  expect(withoutOwnReads(interval, noOwnReads)).toBe(interval);
});

test('an idle cache read only by the sampler has no reads left, never negative ones', () => {
  expect(withoutOwnReads({ ...interval, hits: 2, misses: 0, hitsPerSec: 0.2, missesPerSec: 0 }, { hits: 3, misses: 1 })).toMatchObject({
    hits: 0,
    misses: 0,
    hitsPerSec: 0,
    missesPerSec: 0,
  });
});

describe('typeAndTtlReads and the ledger', () => {
  it('counts two hits per present key, and a miss per command on an absent one', () => {
    expect(typeAndTtlReads(10, 3)).toEqual({ hits: 20, misses: 6 });
  });

  it('sums what is recorded and starts again from zero once taken', () => {
    const ledger = new OwnReadsLedger();
    expect(ledger.take()).toEqual({ hits: 0, misses: 0 });
    ledger.record({ hits: 4, misses: 1 });
    ledger.record({ hits: 2, misses: 0 });
    expect(ledger.take()).toEqual({ hits: 6, misses: 1 });
    expect(ledger.take()).toEqual({ hits: 0, misses: 0 });
  });
});
