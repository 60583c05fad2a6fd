import type { AppErrorData } from '../../../../shared/errors';
import type {
  HitRateWindows,
  KeyspaceDb,
  NamespaceStats,
  StatsNode,
  StatsSample,
} from '../../../../shared/contracts/stats';
import { hitRate, perSecond, type IntervalOutcome } from './hitRate';
import type { NodeCounters, NodeLevels } from './redisInfo';

/** What the sampler knows of one node at one tick. */
export interface NodeView {
  address: string;
  role: 'master' | 'replica';
  /** Null while the node answers. */
  error: AppErrorData | null;
  lastSeenAt: number | null;
  /** This tick's counters; null when the node did not answer. */
  counters: NodeCounters | null;
  outcome: IntervalOutcome | null;
  /** The latest levels read (they are read less often than the counters). */
  levels: NodeLevels | null;
}

/** The masters' activity over the last interval, summed. */
export interface MastersInterval {
  hits: number;
  misses: number;
  hitsPerSec: number;
  missesPerSec: number;
  /** Null when a master that answered has no interval (first reading, reset): a partial sum would dip. */
  opsPerSec: number | null;
  evictedPerSec: number | null;
  expiredPerSec: number | null;
}

const isUpMaster = (view: NodeView) => view.role === 'master' && view.error === null && view.counters !== null;

export function nodeOpsPerSec(view: NodeView): number | null {
  if (view.outcome?.kind === 'interval') return perSecond(view.outcome.interval.commands, view.outcome.interval.elapsedMs);
  // Nothing to diff against yet: Redis's own estimate (last ~1.6 s) is the best there is.
  if (view.outcome?.kind === 'first' && view.counters) return view.counters.instantaneousOpsPerSec;
  return null;
}

/** Summed over the masters that answered; null when none of them had an interval. */
export function mastersInterval(views: readonly NodeView[]): MastersInterval | null {
  const masters = views.filter(isUpMaster);
  const intervals = masters.flatMap((v) => (v.outcome?.kind === 'interval' ? [v.outcome.interval] : []));
  if (intervals.length === 0) return null;
  const complete = intervals.length === masters.length;
  const sumRate = (pick: (i: (typeof intervals)[number]) => number) =>
    intervals.reduce((sum, i) => sum + perSecond(pick(i), i.elapsedMs), 0);
  return {
    hits: intervals.reduce((sum, i) => sum + i.hits, 0),
    misses: intervals.reduce((sum, i) => sum + i.misses, 0),
    hitsPerSec: sumRate((i) => i.hits),
    missesPerSec: sumRate((i) => i.misses),
    opsPerSec: complete ? sumRate((i) => i.commands) : null,
    evictedPerSec: complete ? sumRate((i) => i.evictedKeys) : null,
    expiredPerSec: complete ? sumRate((i) => i.expiredKeys) : null,
  };
}

export function nodeStats(view: NodeView): StatsNode {
  const counters = view.error === null ? view.counters : null;
  const levels = view.error === null ? view.levels : null;
  const interval = view.outcome?.kind === 'interval' ? view.outcome.interval : null;
  return {
    address: view.address,
    role: view.role,
    state: view.error === null ? 'up' : 'down',
    error: view.error,
    lastSeenAt: view.lastSeenAt,
    hits: counters?.hits ?? null,
    misses: counters?.misses ?? null,
    hitRate: counters ? hitRate(counters.hits, counters.misses) : null,
    intervalHitRate: counters && interval ? hitRate(interval.hits, interval.misses) : null,
    opsPerSec: counters ? nodeOpsPerSec(view) : null,
    usedMemory: levels?.usedMemory ?? null,
    maxMemory: levels?.maxMemory ?? null,
    maxMemoryPolicy: levels?.maxMemoryPolicy ?? null,
    fragmentationRatio: levels?.fragmentationRatio ?? null,
    evictedKeys: counters?.evictedKeys ?? null,
    expiredKeys: counters?.expiredKeys ?? null,
    connectedClients: levels?.connectedClients ?? null,
    blockedClients: levels?.blockedClients ?? null,
    keys: levels ? levels.keyspace.reduce((sum, db) => sum + db.keys, 0) : null,
  };
}

/** Memory, clients and keys of the whole cache. */
export interface MastersLevels {
  usedMemory: number | null;
  maxMemory: number | null;
  maxMemoryPolicy: string | null;
  fragmentationRatio: number | null;
  connectedClients: number | null;
  blockedClients: number | null;
  keys: number | null;
  keyspace: KeyspaceDb[];
}

/** Memory, clients and keys summed over the masters that answered and have levels. */
export function mastersLevels(views: readonly NodeView[]): MastersLevels {
  const levels = views.filter(isUpMaster).flatMap((v) => (v.levels ? [v.levels] : []));
  if (levels.length === 0) {
    return {
      usedMemory: null,
      maxMemory: null,
      maxMemoryPolicy: null,
      fragmentationRatio: null,
      connectedClients: null,
      blockedClients: null,
      keys: null,
      keyspace: [],
    };
  }
  const sum = (pick: (l: NodeLevels) => number) => levels.reduce((total, l) => total + pick(l), 0);
  const policies = [...new Set(levels.map((l) => l.maxMemoryPolicy))];
  const usedMemory = sum((l) => l.usedMemory);
  const keyspace = new Map<number, KeyspaceDb>();
  for (const db of levels.flatMap((l) => l.keyspace)) {
    const total = keyspace.get(db.db) ?? { db: db.db, keys: 0, expires: 0 };
    keyspace.set(db.db, { db: db.db, keys: total.keys + db.keys, expires: total.expires + db.expires });
  }
  return {
    usedMemory,
    // One master without a limit can grow until the machine runs out: no overall limit.
    maxMemory: levels.some((l) => l.maxMemory === 0) ? 0 : sum((l) => l.maxMemory),
    maxMemoryPolicy: policies.length === 1 ? policies[0]! : 'mixed',
    fragmentationRatio: usedMemory > 0 ? sum((l) => l.usedMemoryRss) / usedMemory : null,
    connectedClients: sum((l) => l.connectedClients),
    blockedClients: sum((l) => l.blockedClients),
    keys: sum((l) => l.keyspace.reduce((total, db) => total + db.keys, 0)),
    keyspace: [...keyspace.values()].sort((a, b) => a.db - b.db),
  };
}

/** Before any interval: the masters' own estimates, when every master that answered has one. */
function firstReadingOpsPerSec(upMasters: readonly NodeView[]): number | null {
  const ops = upMasters.map(nodeOpsPerSec);
  if (ops.length === 0 || ops.some((o) => o === null)) return null;
  return ops.reduce((total: number, o) => total + o!, 0);
}

export interface SampleFrame {
  profileId: string;
  mode: StatsSample['mode'];
  at: number;
  intervalMs: number;
  levelsAt: number | null;
}

export interface SampleParts {
  views: readonly NodeView[];
  interval: MastersInterval | null;
  windows: Omit<HitRateWindows, 'lastInterval'>;
  namespaces: NamespaceStats[];
  namespacesNote: string | null;
}

/** One sample from what the sampler read; no master answering makes it an error sample (a gap). */
export function composeSample(frame: SampleFrame, parts: SampleParts): StatsSample {
  const { views, interval } = parts;
  const masters = views.filter((v) => v.role === 'master');
  const upMasters = views.filter(isUpMaster);
  const sum = (pick: (c: NodeCounters) => number) => upMasters.reduce((total, v) => total + pick(v.counters!), 0);
  const hits = sum((c) => c.hits);
  const misses = sum((c) => c.misses);
  const noneAnswered = upMasters.length === 0;
  return {
    ...frame,
    hits,
    misses,
    hitRate: hitRate(hits, misses),
    hitRates: { lastInterval: interval ? hitRate(interval.hits, interval.misses) : null, ...parts.windows },
    opsPerSec: interval ? interval.opsPerSec : firstReadingOpsPerSec(upMasters),
    evictedKeys: sum((c) => c.evictedKeys),
    expiredKeys: sum((c) => c.expiredKeys),
    evictedPerSec: interval?.evictedPerSec ?? null,
    expiredPerSec: interval?.expiredPerSec ?? null,
    ...mastersLevels(views),
    nodes: views.map(nodeStats),
    mastersUp: upMasters.length,
    mastersTotal: masters.length,
    namespaces: parts.namespaces,
    namespacesNote: parts.namespacesNote,
    error: noneAnswered ? (masters.find((v) => v.error)?.error ?? { code: 'UNAVAILABLE', message: 'no Redis master answered' }) : null,
  };
}
