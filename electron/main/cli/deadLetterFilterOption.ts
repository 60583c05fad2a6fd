import { DeadLetterErrorKindSchema, DeadLetterFilterSchema, type DeadLetterFilter } from '../../../shared/contracts/deadLetterFilter';
import type { OffsetRange } from '../../../shared/contracts/replay';
import { keyNameFromHex, keyNameToHex } from '../../../shared/keyName';
import { usageError, type CliResult } from './cliResult';
import { parseMoment } from './timeArgs';

/**
 * `--filter NAME=VALUE`, repeated, every one narrowing: the one filter the DLQ list, replay
 * and park take (shared/contracts/deadLetterFilter.ts, the same the Failed writes view sends).
 * A name given twice is a usage error rather than a silent overwrite. Help prints this list.
 */
export const deadLetterFilterHelp = [
  'kind=transient|permanent|unknown   the x-error-kind header',
  'error=TEXT                         the error message contains TEXT (any case)',
  'key=PATTERN                        the record key matches a Redis glob (product:*)',
  'key-hex=HEX                        the record key is exactly these bytes',
  'since=WHEN, until=WHEN             failed at or after / before WHEN: an age (30m, 1h, 2d), ISO 8601 or epoch ms',
  'topic=NAME, partition=N            the original topic and partition, from the headers',
];

export const deadLetterFilterOption = {
  filter: {
    type: 'string',
    multiple: true,
    value: 'NAME=VALUE',
    description: 'only dead letters matching NAME=VALUE (kind, error, key, key-hex, since, until, topic, partition); repeatable',
  },
} as const;

/** The filter the `--filter` options describe (undefined when none), or a usage error naming the one that is wrong. */
export function parseDeadLetterFilter(options: readonly string[] | undefined, now = Date.now()): DeadLetterFilter | undefined | CliResult {
  if (options === undefined || options.length === 0) return undefined;
  const filter: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const option of options) {
    const at = option.indexOf('=');
    const name = at < 0 ? option : option.slice(0, at);
    const value = at < 0 ? '' : option.slice(at + 1);
    if (at < 0 || value === '') return usageError(`--filter needs NAME=VALUE, got "${option}"`);
    if (seen.has(name)) return usageError(`--filter ${name} is given twice`);
    seen.add(name);
    switch (name) {
      case 'kind': {
        const kind = DeadLetterErrorKindSchema.safeParse(value);
        if (!kind.success) return usageError(`--filter kind= takes ${DeadLetterErrorKindSchema.options.join(', ')}, got "${value}"`);
        filter.errorKind = kind.data;
        break;
      }
      case 'error':
        filter.errorText = value;
        break;
      case 'key':
        filter.keyPattern = value;
        break;
      case 'key-hex':
        try {
          filter.keyHex = keyNameToHex(keyNameFromHex(value));
        } catch (err) {
          return usageError(`--filter key-hex=: ${(err as Error).message}`);
        }
        break;
      case 'since':
      case 'until': {
        const when = parseMoment(value, now);
        if (when === null) return usageError(`--filter ${name}= takes an age (30m, 1h, 2d), an ISO 8601 date or epoch ms, got "${value}"`);
        filter[name] = when;
        break;
      }
      case 'topic':
        filter.originalTopic = value;
        break;
      case 'partition':
        if (!/^\d{1,9}$/.test(value)) return usageError(`--filter partition= takes a partition number, got "${value}"`);
        filter.originalPartition = Number(value);
        break;
      default:
        return usageError(`--filter knows kind, error, key, key-hex, since, until, topic and partition, not "${name}"`);
    }
  }
  const parsed = DeadLetterFilterSchema.safeParse(filter);
  if (!parsed.success) return usageError(`--filter: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
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
