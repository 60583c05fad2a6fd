/**
 * Zipf-like key popularity: the key of rank r (0 = hottest) is picked with probability
 * proportional to 1 / (r + 1)^s. s = 0 is uniform; s ≈ 1 is the classic web-cache skew
 * where a handful of keys take most reads, which is what makes hot-key stampedes real.
 */
export function zipfCdf(keyCount: number, exponent: number): Float64Array {
  if (!Number.isInteger(keyCount) || keyCount < 1) throw new Error('keyCount must be a positive integer');
  if (!(exponent >= 0)) throw new Error('exponent must be >= 0');
  const cdf = new Float64Array(keyCount);
  let total = 0;
  for (let rank = 0; rank < keyCount; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cdf[rank] = total;
  }
  for (let rank = 0; rank < keyCount; rank++) cdf[rank]! /= total;
  cdf[keyCount - 1] = 1; // no rounding gap at the top
  return cdf;
}

export class ZipfKeyPicker {
  private readonly cdf: Float64Array;

  constructor(
    readonly keyCount: number,
    readonly exponent: number,
  ) {
    this.cdf = zipfCdf(keyCount, exponent);
  }

  /** Probability of picking `rank`. */
  probability(rank: number): number {
    return this.cdf[rank]! - (rank === 0 ? 0 : this.cdf[rank - 1]!);
  }

  /** A rank in [0, keyCount): binary search of the first CDF entry above a uniform draw. */
  pick(random: () => number = Math.random): number {
    const u = random();
    let low = 0;
    let high = this.keyCount - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cdf[mid]! > u) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
