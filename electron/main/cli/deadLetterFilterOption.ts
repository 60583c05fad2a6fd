import { DeadLetterErrorKindSchema, DeadLetterFilterSchema, type DeadLetterFilterInput } from '../../../shared/contracts/deadLetterFilter';
import type { OffsetRange } from '../../../shared/contracts/replay';
import { keyNameFromText, keyNameToHex } from '../../../shared/keyName';
import { usageError, type CliResult } from './cliResult';
import { parseAge } from './verbs/audit';

/**
 * The dead-letter filter on the command line, shared by `dlq list`, `replay` and `park`:
 * repeated `--filter name=value`, every one narrowing (the same filter the Failed writes view
 * sends). A name given twice is a usage error rather than a silent overwrite.
 */
export const deadLetterFilterOption = {
  filter: {
    type: 'string',
    multiple: true,
    value: 'NAME=VALUE',
    description: 'narrow (repeatable): error=TEXT, kind=transient|permanent|unknown, key=K, pattern=GLOB, since=T, until=T (ISO 8601 or an age: 30m, 1h, 2d), topic=T, partition=N',
  },
} as const;

export const deadLetterFilterNames = ['error', 'kind', 'key', 'pattern', 'since', 'until', 'topic', 'partition'] as const;
type FilterName = (typeof deadLetterFilterNames)[number];

/** A point in time: ISO 8601, or an age before `now` (`1h` is an hour ago). */
function timeOf(text: string, now: number): number | null {
  const age = parseAge(text);
  if (age !== null) return Math.round(now - age);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) && at >= 0 ? at : null;
}

function setField(filter: DeadLetterFilterInput, name: FilterName, value: string, now: number): string | null {
  switch (name) {
    case 'error':
      filter.errorText = value;
      return null;
    case 'kind': {
      const kind = DeadLetterErrorKindSchema.safeParse(value);
      if (!kind.success) return `kind must be one of ${DeadLetterErrorKindSchema.options.join(', ')}, got "${value}"`;
      filter.errorKind = kind.data;
      return null;
    }
    case 'key':
      filter.keyHex = keyNameToHex(keyNameFromText(value));
      return null;
    case 'pattern':
      filter.keyPattern = value;
      return null;
    case 'since':
    case 'until': {
      const at = timeOf(value, now);
      if (at === null) return `${name} needs an ISO 8601 time or an age like 30m, 1h or 2d, got "${value}"`;
      filter[name] = at;
      return null;
    }
    case 'topic':
      filter.originalTopic = value;
      return null;
    case 'partition': {
      const partition = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(partition)) return `partition needs a whole number, got "${value}"`;
      filter.originalPartition = partition;
      return null;
    }
  }
}

/** The filter from `--filter name=value` options (undefined when none), or a usage error naming the bad one. */
export function parseDeadLetterFilter(values: readonly string[] | undefined, now = Date.now()): DeadLetterFilterInput | undefined | CliResult {
  if (values === undefined || values.length === 0) return undefined;
  const filter: DeadLetterFilterInput = {};
  const seen = new Set<string>();
  for (const option of values) {
    const at = option.indexOf('=');
    const name = at < 0 ? option : option.slice(0, at);
    if (!(deadLetterFilterNames as readonly string[]).includes(name)) return usageError(`--filter ${option}: the name must be one of ${deadLetterFilterNames.join(', ')} (as name=value)`);
    if (at < 0 || at === option.length - 1) return usageError(`--filter ${name} needs a value: --filter ${name}=VALUE`);
    if (seen.has(name)) return usageError(`--filter ${name} is given twice`);
    seen.add(name);
    const problem = setField(filter, name as FilterName, option.slice(at + 1), now);
    if (problem !== null) return usageError(`--filter ${problem}`);
  }
  const parsed = DeadLetterFilterSchema.safeParse(filter);
  if (!parsed.success) return usageError(`--filter: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${i.message}`).join('; ')}`);
  return filter;
}

/** `--offsets P:O-O` (or `P:O`), repeatable: the DLQ records named by partition and offset range. */
export function parseOffsetRanges(values: readonly string[]): OffsetRange[] | CliResult {
  const ranges: OffsetRange[] = [];
  for (const value of values) {
    const match = /^(\d+):(\d+)(?:-(\d+))?$/.exec(value.trim());
    const [partition, from, to] = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? match[2])] : [];
    if (partition === undefined || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from! > to!) {
      return usageError(`--offsets needs PARTITION:FROM-TO (or PARTITION:OFFSET) with FROM <= TO, got "${value}"`);
    }
    ranges.push({ partition, from: from!, to: to! });
  }
  return ranges;
}
