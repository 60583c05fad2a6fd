import type { DeadLetterPage, DeadLetterRow } from '../../../../shared/contracts/deadLetters';
import { formatCount } from '../../../../shared/formatUnits';
import { formatUtcTime } from '../../../../shared/formatTtl';
import { exitCodes, usageError } from '../cliResult';
import { deadLetterFilterHelp, deadLetterFilterOption, parseDeadLetterFilter } from '../deadLetterFilterOption';
import { formatTable } from '../table';
import { defineVerb, jsonOption, profileOption } from '../verb';

/** Characters of an error message in the table; --json has them all. */
const errorWidth = 90;

function cut(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function rowCells(row: DeadLetterRow): string[] {
  const origin = row.origin.originalTopic === null ? '-' : `${row.origin.originalTopic}/${row.origin.originalPartition ?? '?'}/${row.origin.originalOffset ?? '?'}`;
  return [
    String(row.partition),
    row.offset,
    formatUtcTime(row.origin.failedAt ?? row.timestamp),
    row.origin.errorKind,
    row.pending ? 'pending' : 'replayed',
    row.key?.display ?? '(no key)',
    origin,
    cut(row.origin.error ?? '(no error message)', errorWidth),
  ];
}

function text(page: DeadLetterPage): string {
  const scope = page.pendingOnly ? `pending (past ${page.replayGroup})` : 'in the topic';
  const summary = `${formatCount(page.rows.length)} dead letter${page.rows.length === 1 ? '' : 's'} of ${formatCount(page.totalRecords)} ${scope} on ${page.topic}, ${page.order} first; ${formatCount(page.scannedRecords)} scanned`;
  const lines =
    page.rows.length === 0
      ? []
      : formatTable(
          [{ header: 'partition', align: 'right' }, { header: 'offset', align: 'right' }, { header: 'failed at' }, { header: 'kind' }, { header: 'state' }, { header: 'key' }, { header: 'original' }, { header: 'error' }],
          page.rows.map(rowCells),
        );
  lines.push(summary);
  if (page.bounded) lines.push('the scan stopped at its budget before the end: the next page reads on (--scan N reads more per page)');
  if (page.next !== null) lines.push(`next page: --page ${page.next}`);
  return lines.join('\n');
}

/** `dlq list`: a page of the dead-letter topic, newest first, pending only unless --all. */
export const dlqListVerb = defineVerb({
  name: 'dlq list',
  summary: 'dead letters on the DLQ topic, newest first: error, kind, key, original topic, pending or replayed',
  description:
    "Reads a page of the profile's DLQ topic (writeBehind.dlqTopic): by default the records past the\n" +
    'replay cursor (writeBehind.replayGroup), newest first. Reads are bounded: each page scans at most\n' +
    '--scan records, and says how many it scanned. --filter, repeatable, every one narrowing:\n  ' +
    deadLetterFilterHelp.join('\n  ') +
    '\ne.g. cachescope dlq list --filter kind=permanent --filter key=product:* --filter since=1h',
  options: {
    ...deadLetterFilterOption,
    limit: { type: 'string', value: 'N', description: 'at most N records (50; 1 to 500)' },
    all: { type: 'boolean', description: 'every record the topic holds, replayed ones too' },
    oldest: { type: 'boolean', description: 'oldest first' },
    page: { type: 'string', value: 'TOKEN', description: 'continue after a page (its "next")' },
    scan: { type: 'string', value: 'N', description: 'read at most N records for the page (20000)' },
    ...jsonOption,
    ...profileOption,
  },
  exits: { 0: 'the page was read (empty or not)', 3: 'the DLQ topic could not be read (missing, Kafka down)' },
  async run({ core, values }) {
    const parsed = parseDeadLetterFilter(values.filter);
    if (parsed !== undefined && 'exitCode' in parsed) return parsed;
    const filter = parsed ?? {};
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return usageError(`--limit needs 1 to 500, got "${values.limit}"`);
    const scanLimit = values.scan === undefined ? 20_000 : Number(values.scan);
    if (!Number.isInteger(scanLimit) || scanLimit < 1 || scanLimit > 1_000_000) return usageError(`--scan needs 1 to 1000000, got "${values.scan}"`);
    const page = await (await core()).invoke('deadLetters.list', {
      filter,
      limit,
      scanLimit,
      order: values.oldest ? 'oldest' : 'newest',
      pendingOnly: !values.all,
      ...(values.page ? { pageToken: values.page } : {}),
    });
    return { output: values.json ? JSON.stringify(page) : text(page), exitCode: exitCodes.ok };
  },
});
