import type { StatsSample } from '../../../shared/contracts/stats';
import { formatBytes, formatCount, formatPercent, formatRate } from '../../../shared/formatUnits';
import { plainStyle, type Style } from './style';
import { formatTable } from './table';

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

function nodeRows(sample: StatsSample) {
  return sample.nodes.map((n) =>
    n.state === 'up'
      ? [n.address, n.role, formatPercent(n.hitRate), formatRate(n.opsPerSec), formatBytes(n.usedMemory)]
      : [n.address, n.role, { text: 'DOWN', tone: 'bad' as const }, '', n.error?.message ?? ''],
  );
}

/** The snapshot for people: totals, then a table of the nodes and one of the namespaces. */
export function statsText(sample: StatsSample, style: Style = plainStyle): string {
  const allUp = sample.mastersUp === sample.mastersTotal;
  const lines = [
    `hit rate    ${style.paint('bold', formatPercent(sample.hitRate))}  (${formatCount(sample.hits)} hits, ${formatCount(sample.misses)} misses since the last reset)`,
    `ops/s       ${formatRate(sample.opsPerSec)}`,
    `memory      ${memoryText(sample)}, fragmentation ${sample.fragmentationRatio?.toFixed(2) ?? '—'}`,
    `keys        ${formatCount(sample.keys)}, ${formatCount(sample.evictedKeys)} evicted, ${formatCount(sample.expiredKeys)} expired since the last reset`,
    `clients     ${formatCount(sample.connectedClients)} connected, ${formatCount(sample.blockedClients)} blocked`,
    `nodes       ${style.paint(allUp ? 'ok' : 'bad', `${sample.mastersUp} of ${sample.mastersTotal} masters answer`)} (${sample.mode})`,
    ...formatTable(
      [{ header: 'node' }, { header: 'role' }, { header: 'hit rate', align: 'right' }, { header: 'ops/s', align: 'right' }, { header: 'memory', align: 'right' }],
      nodeRows(sample),
      { style, indent: '  ' },
    ),
  ];
  if (sample.namespaces.length > 0) {
    lines.push('namespaces');
    lines.push(
      ...formatTable(
        [{ header: 'namespace' }, { header: 'hit rate', align: 'right' }, { header: 'hits', align: 'right' }, { header: 'misses', align: 'right' }],
        sample.namespaces.map((ns) => [ns.namespace, formatPercent(ns.hitRate), formatCount(ns.hits), formatCount(ns.misses)]),
        { style, indent: '  ' },
      ),
    );
  } else if (sample.namespacesNote) {
    lines.push(`namespaces  ${sample.namespacesNote}`);
  }
  const note = ratesNote(sample);
  if (note) lines.push(`rates       ${note}`);
  if (sample.error) lines.push(style.paint('bad', `error       ${sample.error.message}`));
  return lines.join('\n');
}

/** One `--watch` line: the interval's figures and the windows. */
export function watchLine(sample: StatsSample, style: Style = plainStyle): string {
  const time = new Date(sample.at).toISOString().slice(11, 19);
  if (sample.error) return `${time}  ${style.paint('bad', `no answer: ${sample.error.message}`)}`;
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
