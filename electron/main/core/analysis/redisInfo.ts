import type { KeyspaceDb } from '../../../../shared/contracts/stats';

/** The `field:value` lines of an INFO reply, whatever sections it holds. */
export type InfoFields = ReadonlyMap<string, string>;

export function parseInfo(text: string): InfoFields {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimEnd());
  }
  return fields;
}

/** Monotonic counters of `INFO stats`: they only grow until a reset (RESETSTAT, restart). */
export interface NodeCounters {
  hits: number;
  misses: number;
  commands: number;
  evictedKeys: number;
  expiredKeys: number;
  connectionsReceived: number;
  /** Redis's own ops/s estimate, for a reading that has no previous one to diff against. */
  instantaneousOpsPerSec: number;
}

/** The slowly moving levels of `INFO memory clients keyspace`. */
export interface NodeLevels {
  usedMemory: number;
  usedMemoryRss: number;
  /** 0 means no limit. */
  maxMemory: number;
  maxMemoryPolicy: string;
  fragmentationRatio: number | null;
  connectedClients: number;
  blockedClients: number;
  keyspace: KeyspaceDb[];
}

function integer(info: InfoFields, field: string): number {
  const raw = info.get(field);
  const value = raw === undefined ? NaN : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`INFO has no numeric ${field}`);
  return value;
}

export function countersFromInfo(info: InfoFields): NodeCounters {
  return {
    hits: integer(info, 'keyspace_hits'),
    misses: integer(info, 'keyspace_misses'),
    commands: integer(info, 'total_commands_processed'),
    evictedKeys: integer(info, 'evicted_keys'),
    expiredKeys: integer(info, 'expired_keys'),
    connectionsReceived: integer(info, 'total_connections_received'),
    instantaneousOpsPerSec: integer(info, 'instantaneous_ops_per_sec'),
  };
}

/** `db0:keys=12,expires=3,avg_ttl=0` lines, in db order. */
export function keyspaceFromInfo(info: InfoFields): KeyspaceDb[] {
  const dbs: KeyspaceDb[] = [];
  for (const [field, value] of info) {
    const db = /^db(\d+)$/.exec(field);
    if (!db) continue;
    const keys = /(?:^|,)keys=(\d+)/.exec(value);
    const expires = /(?:^|,)expires=(\d+)/.exec(value);
    dbs.push({ db: Number(db[1]), keys: Number(keys?.[1] ?? 0), expires: Number(expires?.[1] ?? 0) });
  }
  return dbs.sort((a, b) => a.db - b.db);
}

export function levelsFromInfo(info: InfoFields): NodeLevels {
  const fragmentation = Number(info.get('mem_fragmentation_ratio'));
  return {
    usedMemory: integer(info, 'used_memory'),
    usedMemoryRss: integer(info, 'used_memory_rss'),
    maxMemory: integer(info, 'maxmemory'),
    maxMemoryPolicy: info.get('maxmemory_policy') ?? 'unknown',
    fragmentationRatio: Number.isFinite(fragmentation) ? fragmentation : null,
    connectedClients: integer(info, 'connected_clients'),
    blockedClients: integer(info, 'blocked_clients'),
    keyspace: keyspaceFromInfo(info),
  };
}
