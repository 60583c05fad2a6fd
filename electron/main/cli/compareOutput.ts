import { compareVerdicts, type CompareSampleResult, type KeyComparison } from '../../../shared/contracts/investigate';
import { formatDurationMs } from '../../../shared/formatLag';
import { formatShare } from '../../../shared/formatUnits';
import type { Style } from './style';
import { formatTable } from './table';

/**
 * `keys compare --json`: exactly the documented shape — `key` in its escaped form, the cached
 * object and the row (or null), the differing fields, the key's pending writes and its count of
 * dead letters.
 */
export function comparisonJson(comparison: KeyComparison) {
  const bothSides = comparison.cache.state === 'value' && comparison.database?.row;
  return {
    key: comparison.key.display,
    verdict: comparison.verdict,
    cache: comparison.cache.value,
    database: comparison.database?.row ?? null,
    differences: bothSides ? comparison.fields.filter((f) => !f.equal).map((f) => ({ field: f.field, cache: f.cache, database: f.database })) : [],
    pendingWrites: (comparison.pendingWrites?.records ?? []).map((w) => ({ partition: w.partition, offset: w.offset, version: w.version, op: w.op, ageMs: w.ageMs })),
    deadLetters: comparison.deadLetters?.count ?? 0,
  };
}

const json = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** `keys compare` without --json: the verdict, the fields side by side, the pending writes and dead letters. */
export function comparisonText(c: KeyComparison, style: Style): string {
  const lines = [style.paint(c.problem ? 'bad' : c.verdict === 'fresh' ? 'ok' : 'warn', `${c.verdict}  ${c.headline}`), c.explanation, ''];
  lines.push(`key       ${c.key.display}`);
  if (c.database) lines.push(`row       ${c.database.table} where ${c.database.keyColumn} = ${c.database.id || '—'}`);
  lines.push(`cache     ${c.cache.state}${c.cache.version !== null ? `, version ${c.cache.version}` : ''}${c.cache.ttlMs !== null ? `, TTL ${formatDurationMs(c.cache.ttlMs)}` : ''}`);
  if (c.fields.length > 0) {
    lines.push('');
    const rows = c.fields.map((f) => [f.field, json(f.presence === 'database-only' ? undefined : f.cache), json(f.presence === 'cache-only' ? undefined : f.database), { text: f.equal ? '=' : '≠', tone: f.equal ? ('ok' as const) : ('bad' as const) }]);
    lines.push(...formatTable([{ header: 'FIELD' }, { header: 'CACHE' }, { header: 'POSTGRES' }, { header: '' }], rows, { style }));
  }
  const pending = c.pendingWrites;
  if (pending) {
    lines.push('');
    if (pending.error !== null || pending.partition === null) {
      lines.push(`pending writes (${pending.topic}): ${pending.error ?? pending.partitionNote ?? 'the key\'s partition is unknown'}`);
    } else {
      lines.push(`pending writes (${pending.topic}, partition ${pending.partition}, offsets ${pending.committedOffset}–${pending.endOffset}): ${pending.matching}${pending.complete ? '' : ' (not every record read)'}`);
      if (pending.partitionNote) lines.push(`  ${pending.partitionNote}`);
    }
    if (pending.records.length > 0) {
      const rows = pending.records.map((w) => [String(w.partition), w.offset, w.op ?? '?', w.version === null ? '—' : String(w.version), w.ageMs === null ? '—' : formatDurationMs(w.ageMs)]);
      lines.push(...formatTable([{ header: 'PARTITION', align: 'right' }, { header: 'OFFSET', align: 'right' }, { header: 'OP' }, { header: 'VERSION', align: 'right' }, { header: 'AGE', align: 'right' }], rows, { style, indent: '  ' }));
    }
  }
  const dead = c.deadLetters;
  if (dead) lines.push(`dead letters (${dead.topic}): ${dead.error ?? `${dead.count}${dead.complete ? '' : ' (not every record read)'}`}`);
  return lines.join('\n');
}

/** `keys compare --namespace NS --sample N` without --json: counts per verdict with a share and examples. */
export function sampleText(result: CompareSampleResult, style: Style): string {
  const rows = compareVerdicts
    .filter((v) => result.counts[v] > 0)
    .map((v) => [v, String(result.counts[v]), formatShare(result.counts[v], result.compared), result.examples[v].map((k) => k.display).join(' ')]);
  return [
    style.paint('bold', `${result.compared} ${result.keyPattern} keys compared${result.cancelled ? ' (cancelled)' : ''}`),
    ...formatTable([{ header: 'VERDICT' }, { header: 'KEYS', align: 'right' }, { header: 'SHARE', align: 'right' }, { header: 'EXAMPLES' }], rows, { style }),
    ...(result.pendingComplete ? [] : ['(pending writes were not all read: "ahead" keys may be judged without them)']),
  ].join('\n');
}
