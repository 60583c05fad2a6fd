import type { StatsSample } from '../../../shared/contracts/stats';
import { formatBytes, formatCount, formatPercent, formatRate } from '../../../shared/formatUnits';

/** Why the windowed rates of a one-off reading are null: a rate needs two readings. */
export const oneReadingNote = 'windowed rates need at least 2 readings an interval apart; one reading taken (--watch samples every interval)';

function ratesNote(sample: StatsSample): string | null {
  const rates = [sample.hitRates.lastInterval, sample.evictedPerSec, sample.expiredPerSec];
  return !sample.error && rates.every((rate) => rate === null) ? oneReadingNote : null;
}

/**
 * `stats --json`: the documented keys first (`hitRate`, `hits`, `misses` are totals since the
 * last reset summed over the masters), then what else one reading tells.
 */
export function statsJson(sample: StatsSample) {
  return {
    hitRate: sample.hitRate,
    hits: sample.hits,
    misses: sample.misses,
    opsPerSec: sample.opsPerSec,
    usedMemory: sample.usedMemory,
    maxMemory: sample.maxMemory,
    evictedKeys: sample.evictedKeys,
    expiredKeys: sample.expiredKeys,
    nodes: sample.nodes.map((n) => ({
      address: n.address,
      role: n.role,
      hits: n.hits,
      misses: n.misses,
      state: n.state,
      hitRate: n.hitRate,
      opsPerSec: n.opsPerSec,
      usedMemory: n.usedMemory,
      ...(n.error ? { error: n.error.message } : {}),
    })),
    namespaces: sample.namespaces.map((ns) => ({ namespace: ns.namespace, hits: ns.hits, misses: ns.misses, hitRate: ns.hitRate })),
    at: sample.at,
    mode: sample.mode,
    hitRates: sample.hitRates,
    evictedPerSec: sample.evictedPerSec,
    expiredPerSec: sample.expiredPerSec,
    maxMemoryPolicy: sample.maxMemoryPolicy,
    fragmentationRatio: sample.fragmentationRatio,
    connectedClients: sample.connectedClients,
    blockedClients: sample.blockedClients,
    keys: sample.keys,
    mastersUp: sample.mastersUp,
    mastersTotal: sample.mastersTotal,
    ...(sample.namespacesNote ? { namespacesNote: sample.namespacesNote } : {}),
    ...(ratesNote(sample) ? { ratesNote: ratesNote(sample) } : {}),
    ...(sample.error ? { error: sample.error } : {}),
  };
}

function memoryText(sample: StatsSample): string {
  const used = formatBytes(sample.usedMemory);
  const policy = sample.maxMemoryPolicy ?? 'policy unknown';
  return sample.maxMemory === 0 ? `${used} (no maxmemory, ${policy})` : `${used} of ${formatBytes(sample.maxMemory)} (${policy})`;
}

/** The snapshot for people: totals, then one line per node and per namespace. */
export function statsText(sample: StatsSample): string {
  const lines = [
    `hit rate    ${formatPercent(sample.hitRate)}  (${formatCount(sample.hits)} hits, ${formatCount(sample.misses)} misses since the last reset)`,
    `ops/s       ${formatRate(sample.opsPerSec)}`,
    `memory      ${memoryText(sample)}, fragmentation ${sample.fragmentationRatio?.toFixed(2) ?? '—'}`,
    `keys        ${formatCount(sample.keys)}, ${formatCount(sample.evictedKeys)} evicted, ${formatCount(sample.expiredKeys)} expired since the last reset`,
    `clients     ${formatCount(sample.connectedClients)} connected, ${formatCount(sample.blockedClients)} blocked`,
    `nodes       ${sample.mastersUp} of ${sample.mastersTotal} masters answer (${sample.mode})`,
    ...sample.nodes.map(
      (n) =>
        `  ${n.address.padEnd(22)} ${n.role.padEnd(8)} ${n.state === 'up' ? `hit ${formatPercent(n.hitRate).padEnd(8)} ops/s ${formatRate(n.opsPerSec).padEnd(7)} ${formatBytes(n.usedMemory)}` : `DOWN  ${n.error?.message ?? ''}`}`,
    ),
  ];
  if (sample.namespaces.length > 0) {
    lines.push('namespaces');
    for (const ns of sample.namespaces) {
      lines.push(`  ${ns.namespace.padEnd(22)} hit ${formatPercent(ns.hitRate).padEnd(8)} (${formatCount(ns.hits)} hits, ${formatCount(ns.misses)} misses)`);
    }
  } else if (sample.namespacesNote) {
    lines.push(`namespaces  ${sample.namespacesNote}`);
  }
  const note = ratesNote(sample);
  if (note) lines.push(`rates       ${note}`);
  if (sample.error) lines.push(`error       ${sample.error.message}`);
  return lines.join('\n');
}

/** One `--watch` line: the interval's figures and the windows. */
export function watchLine(sample: StatsSample): string {
  const time = new Date(sample.at).toISOString().slice(11, 19);
  if (sample.error) return `${time}  no answer: ${sample.error.message}`;
  const { lastInterval, lastMinute, last5Minutes } = sample.hitRates;
  return [
    time,
    `hit ${formatPercent(lastInterval)} (1m ${formatPercent(lastMinute)}, 5m ${formatPercent(last5Minutes)}, total ${formatPercent(sample.hitRate)})`,
    `ops/s ${formatRate(sample.opsPerSec)}`,
    `mem ${formatBytes(sample.usedMemory)}`,
    `evicted/s ${formatRate(sample.evictedPerSec)}`,
    `expired/s ${formatRate(sample.expiredPerSec)}`,
    `masters ${sample.mastersUp}/${sample.mastersTotal}`,
  ].join('  ');
}
