import type { NamespaceNode, TtlRisk } from '../../../../shared/contracts/keysAnalysis';

/**
 * Namespaces whose median TTL is shorter than the write-behind time lag: a key there is likely
 * to expire before its queued write reaches Postgres, and the next read-through loads the old
 * row. Biggest first.
 */
export function ttlRisks(namespaces: readonly NamespaceNode[], timeLagMs: number | null): TtlRisk[] {
  if (timeLagMs === null || timeLagMs <= 0) return [];
  return namespaces
    .filter((n) => n.medianTtlMs !== null && n.medianTtlMs < timeLagMs)
    .map((n) => ({ namespace: n.namespace, keys: n.keys, medianTtlMs: n.medianTtlMs!, timeLagMs }))
    .sort((a, b) => b.keys - a.keys);
}
