import type { NamespaceStats } from '../../../../shared/contracts/stats';
import type { NamespaceMapping } from '../../../../shared/profile';
import { hitRate } from './hitRate';

/**
 * The namespaces a profile names: `product:{id}` → `product`. The application's counters live
 * in `<prefix><namespace>` hashes (docs/write-behind-conventions.md §6); Redis only counts hits and misses globally.
 */
export function profileNamespaces(mappings: readonly NamespaceMapping[]): string[] {
  const names = mappings.map((m) => namespaceOfPattern(m.keyPattern));
  return [...new Set(names.filter((name) => name.length > 0))];
}

/** The namespace a key pattern stands for: `product:{id}` is `product`. */
export function namespaceOfPattern(keyPattern: string): string {
  return keyPattern.slice(0, keyPattern.indexOf('{id}')).replace(/[:._-]+$/, '');
}

/** One reading of a namespace's hash; null counters when the hash does not exist. */
export interface NamespaceReading {
  namespace: string;
  atMs: number;
  hits: number;
  misses: number;
}

export interface NamespaceInterval {
  namespace: string;
  elapsedMs: number;
  hits: number;
  misses: number;
}

/** Activity since the previous reading; none after a reset (counters went down) or a long gap. */
export function namespaceInterval(
  previous: NamespaceReading | undefined,
  current: NamespaceReading,
  maxGapMs: number,
): NamespaceInterval | null {
  if (!previous) return null;
  const elapsedMs = current.atMs - previous.atMs;
  if (current.hits < previous.hits || current.misses < previous.misses) return null;
  if (elapsedMs <= 0 || elapsedMs > maxGapMs) return null;
  return { namespace: current.namespace, elapsedMs, hits: current.hits - previous.hits, misses: current.misses - previous.misses };
}

export function namespaceStats(reading: NamespaceReading, interval: NamespaceInterval | null): NamespaceStats {
  return {
    namespace: reading.namespace,
    hits: reading.hits,
    misses: reading.misses,
    hitRate: hitRate(reading.hits, reading.misses),
    intervalHitRate: interval ? hitRate(interval.hits, interval.misses) : null,
  };
}

/** Says why there are no per-namespace figures, so an empty table is not a mystery. */
export function namespacesNote(namespaces: readonly string[], found: number, prefix: string): string | null {
  if (found > 0) return null;
  if (namespaces.length === 0) {
    return 'Per-namespace hit rates need namespaces in the profile (namespaces[].keyPattern) and counters the application writes.';
  }
  const keys = namespaces.map((ns) => `${prefix}${ns}`).join(', ');
  return `Per-namespace hit rates need the application to count them: HINCRBY hits / misses in ${keys} (none found).`;
}
