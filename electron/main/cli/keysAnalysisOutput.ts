import type { JobSnapshot } from '../../../shared/contracts/jobs';
import type { AnalyzedKey, KeysAnalysis } from '../../../shared/contracts/keysAnalysis';
import { formatDurationMs } from '../../../shared/formatLag';
import { formatBytes, formatCount, formatPercent } from '../../../shared/formatUnits';
import { textTable } from './textTable';

/** How many namespaces and keys the text output lists; --json has them all. */
const listed = 20;

/** A key name on one line of a table: long names are cut in the middle. */
function shortName(name: string, max = 60): string {
  return name.length <= max ? name : `${name.slice(0, max - 21)}…${name.slice(-20)}`;
}

function keyRows(keys: readonly AnalyzedKey[]): string[][] {
  return keys.slice(0, listed).map((k) => [shortName(k.key), k.type, formatBytes(k.memory), k.ttlMs === null ? 'none' : formatDurationMs(k.ttlMs)]);
}

/** The analysis as aligned tables for a terminal. */
export function keysAnalysisText(analysis: KeysAnalysis): string {
  const share = (keys: number) => formatPercent(analysis.scanned > 0 ? keys / analysis.scanned : null);
  const lines = [
    `${formatCount(analysis.scanned)} keys, ${formatBytes(analysis.memory)} in db ${analysis.db} of ${analysis.nodes.join(', ')}` +
      `${analysis.match ? ` matching ${analysis.match}` : ''} (${formatDurationMs(analysis.endedAt - analysis.startedAt)}` +
      `${analysis.complete ? '' : ', cancelled before the end'}${analysis.vanished ? `, ${formatCount(analysis.vanished)} gone before read` : ''})`,
    '',
    'TTL',
    ...textTable(
      ['bucket', 'keys', 'share'],
      analysis.ttlHistogram.map((b) => [b.bucket, formatCount(b.keys), share(b.keys)]),
      new Set([1, 2]),
    ),
    '',
    'types',
    ...textTable(['type', 'keys', 'memory'], analysis.types.map((t) => [t.type, formatCount(t.keys), formatBytes(t.memory)]), new Set([1, 2])),
    '',
    `namespaces (split on "${analysis.delimiter}", depth ${analysis.depth}${analysis.namespaces.length > listed ? `, the ${listed} biggest of ${analysis.namespaces.length}` : ''})`,
    ...textTable(
      ['namespace', 'keys', 'memory', 'no TTL', 'median TTL'],
      analysis.namespaces
        .slice(0, listed)
        .map((n) => [
          `${'  '.repeat(n.depth - 1)}${shortName(n.namespace)}`,
          formatCount(n.keys),
          formatBytes(n.memory),
          formatCount(n.noTtl),
          n.medianTtlMs === null ? 'none' : `~${formatDurationMs(n.medianTtlMs)}`,
        ]),
      new Set([1, 2, 3, 4]),
    ),
  ];
  if (analysis.unnamespaced.keys > 0) lines.push(`  (no namespace: ${formatCount(analysis.unnamespaced.keys)} keys, ${formatBytes(analysis.unnamespaced.memory)})`);
  if (analysis.noTtlNamespaces.length > 0) lines.push('', `namespaces where no key has a TTL: ${analysis.noTtlNamespaces.slice(0, listed).join(', ')}`);
  lines.push('', 'biggest keys', ...textTable(['key', 'type', 'memory', 'TTL'], keyRows(analysis.biggest), new Set([2, 3])));
  if (analysis.expiringSoon.length > 0) {
    lines.push('', 'expiring within a minute', ...textTable(['key', 'type', 'memory', 'TTL'], keyRows(analysis.expiringSoon), new Set([2, 3])));
  }
  return lines.join('\n');
}

/** One progress line, rewritten in place on a terminal. */
export function progressLine(job: JobSnapshot): string {
  const of = job.total === null ? '' : ` of ${formatCount(job.total)}`;
  const rate = job.rate === null ? '' : `, ${formatCount(Math.round(job.rate))} keys/s`;
  const eta = job.etaMs === null ? '' : `, ETA ${formatDurationMs(job.etaMs)}`;
  return `${formatCount(job.done)}${of} keys${rate}${eta}`;
}
