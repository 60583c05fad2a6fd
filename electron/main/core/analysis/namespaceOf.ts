import { displayKeyName } from '../../../../shared/keyName';

/** What a key without the delimiter is counted under. */
export const noNamespace = '(none)';

/** The namespace of a key: its bytes before the first delimiter, in display form. */
export function namespaceOf(key: Uint8Array, delimiter: Uint8Array): string {
  const at = Buffer.from(key.buffer, key.byteOffset, key.byteLength).indexOf(delimiter);
  return at <= 0 ? noNamespace : displayKeyName(key.subarray(0, at));
}

/** Counts per namespace, at most `max` distinct ones; the rest are counted under "(other)". */
export class NamespaceCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max = 50) {}

  add(namespace: string, n = 1): void {
    const name = this.counts.has(namespace) || this.counts.size < this.max ? namespace : '(other)';
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  entries(): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1]);
  }
}

/** Reads per second and hit rate between two readings of a namespace's hit/miss counters; nulls when they do not allow it. */
export function namespaceActivity(
  before: { hits: number; misses: number; at: number } | undefined,
  after: { hits: number; misses: number; at: number } | undefined,
): { readsPerSec: number | null; hitRate: number | null } {
  if (!before || !after || after.at <= before.at) return { readsPerSec: null, hitRate: null };
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  if (hits < 0 || misses < 0) return { readsPerSec: null, hitRate: null };
  const reads = hits + misses;
  return { readsPerSec: (reads * 1000) / (after.at - before.at), hitRate: reads > 0 ? hits / reads : null };
}
