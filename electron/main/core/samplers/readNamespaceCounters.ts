import type { RedisClient } from '../connections/redisClient';
import type { NamespaceReading } from '../analysis/namespaceStats';
import type { OwnReads } from '../analysis/ownReads';
import { clientForKey } from './redisNodes';

export interface NamespaceCounters {
  readings: NamespaceReading[];
  /** The HMGETs this made, which Redis counts as keyspace hits and misses like any read. */
  ownReads: OwnReads;
}

/**
 * The application's per-namespace counters, `HMGET <prefix><namespace> hits misses` each.
 * A namespace not seen last time is first looked up with `MEMORY USAGE` (which Redis does not
 * count as a read), so a cache whose application writes no counters is not sent reads that
 * would count as misses. Namespaces without a hash are left out.
 */
export async function readNamespaceCounters(
  client: RedisClient,
  prefix: string,
  namespaces: readonly string[],
  seenLastTime: ReadonlySet<string>,
): Promise<NamespaceCounters> {
  const exists = await Promise.all(
    namespaces.map(
      async (ns) =>
        seenLastTime.has(ns) || (await clientForKey(client, `${prefix}${ns}`).memory('USAGE', `${prefix}${ns}`, 'SAMPLES', 1)) !== null,
    ),
  );
  const present = namespaces.filter((_, i) => exists[i]);
  const replies = await Promise.all(present.map((ns) => client.hmget(`${prefix}${ns}`, 'hits', 'misses')));
  const atMs = performance.now();
  const readings: NamespaceReading[] = [];
  const ownReads: OwnReads = { hits: 0, misses: 0 };
  replies.forEach(([hits, misses], i) => {
    // Deleted since it was last seen: that HMGET was a miss.
    if (hits === null && misses === null) {
      ownReads.misses++;
      return;
    }
    ownReads.hits++;
    readings.push({ namespace: present[i]!, atMs, hits: Number(hits ?? 0) || 0, misses: Number(misses ?? 0) || 0 });
  });
  return { readings, ownReads };
}
