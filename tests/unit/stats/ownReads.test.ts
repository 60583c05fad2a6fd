import { expect, test } from 'vitest';
import { noOwnReads, withoutOwnReads } from '../../../electron/main/core/analysis/ownReads';

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
