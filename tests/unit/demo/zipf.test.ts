import { describe, expect, test } from 'vitest';
import { ZipfKeyPicker, zipfCdf } from '../../../demo/zipf';

/** A deterministic uniform source (mulberry32), so the distribution test never flakes. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('zipf key picker', () => {
  test('the CDF is increasing and ends at 1', () => {
    const cdf = zipfCdf(100, 1.1);
    for (let i = 1; i < cdf.length; i++) expect(cdf[i]!).toBeGreaterThan(cdf[i - 1]!);
    expect(cdf[99]).toBe(1);
  });

  test('probabilities follow 1/(rank+1)^s', () => {
    const picker = new ZipfKeyPicker(1000, 1);
    expect(picker.probability(0) / picker.probability(1)).toBeCloseTo(2, 10);
    expect(picker.probability(0) / picker.probability(9)).toBeCloseTo(10, 10);
    const total = Array.from({ length: 1000 }, (_, r) => picker.probability(r)).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
  });

  test('sampled frequencies match the probabilities; hot keys dominate', () => {
    const picker = new ZipfKeyPicker(1000, 1.1);
    const random = seeded(42);
    const draws = 200_000;
    const counts = new Array<number>(1000).fill(0);
    for (let i = 0; i < draws; i++) counts[picker.pick(random)]!++;
    for (const rank of [0, 1, 2, 9, 99]) {
      const expected = picker.probability(rank) * draws;
      // Within 5 standard deviations of a binomial count.
      expect(Math.abs(counts[rank]! - expected)).toBeLessThan(5 * Math.sqrt(expected));
    }
    // The hottest 1% of keys take over 40% of the draws: hot keys, as in a real cache.
    const top10 = counts.slice(0, 10).reduce((a, b) => a + b, 0) / draws;
    const expectedTop10 = Array.from({ length: 10 }, (_, r) => picker.probability(r)).reduce((a, b) => a + b, 0);
    expect(top10).toBeCloseTo(expectedTop10, 2);
    expect(top10).toBeGreaterThan(0.4);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(draws);
  });

  test('exponent 0 is uniform, and picks stay in range at the edges of [0, 1)', () => {
    const picker = new ZipfKeyPicker(4, 0);
    for (let r = 0; r < 4; r++) expect(picker.probability(r)).toBeCloseTo(0.25, 12);
    expect(picker.pick(() => 0)).toBe(0);
    expect(picker.pick(() => 0.9999999999)).toBe(3);
    expect(new ZipfKeyPicker(1, 2).pick(() => 0.5)).toBe(0);
  });

  test('rejects nonsense', () => {
    expect(() => zipfCdf(0, 1)).toThrow();
    expect(() => zipfCdf(10, -1)).toThrow();
  });
});
