import { describe, expect, test } from 'vitest';
import { summaryLine } from '../../../demo/loadGenerator';
import { RatePacer } from '../../../demo/ratePacer';
import { jitteredTtlSeconds } from '../../../demo/ttl';

describe('rate pacer', () => {
  test('averages the rate over ticks, carrying fractions', () => {
    const pacer = new RatePacer(2.5);
    let total = 0;
    for (let t = 0; t <= 10_000; t += 20) total += pacer.due(t);
    expect(total).toBe(25);
  });

  test('a stalled loop catches up at most maxBurstMs worth', () => {
    const pacer = new RatePacer(100, 1_000);
    pacer.due(0);
    expect(pacer.due(60_000)).toBe(100);
  });
});

describe('TTL jitter', () => {
  test('adds up to the ratio of the base, in whole seconds', () => {
    expect(jitteredTtlSeconds(300, 0.1, () => 0)).toBe(300);
    expect(jitteredTtlSeconds(300, 0.1, () => 0.999)).toBe(329);
    expect(jitteredTtlSeconds(0.2, 0, () => 0)).toBe(1);
  });
});

describe('summary line', () => {
  test('rates per second and hit rate', () => {
    const line = summaryLine(
      5,
      { reads: 2500, writes: 250, poison: 2, deletes: 1, errors: 0, dropped: 0, stampedes: 1 },
      { hits: 2250, misses: 250, loads: 200 },
      3,
    );
    expect(line).toBe('reads 500/s hit 90.0% loads 40/s | writes 50/s (poison 2, deletes 1) | stampedes 1 errors 0 dropped 0 in-flight 3');
  });
});
