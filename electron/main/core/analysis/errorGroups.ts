import type { DeadLetterErrorKind } from '../../../../shared/contracts/deadLetterFilter';
import { noErrorMessage } from '../../../../shared/deadLetterGroupText';

/** Longest normalised message kept: a group is named by its start, and the rest is rarely different. */
const maxPatternLength = 300;

/** Postgres names objects in double quotes after these words; the name tells errors apart, so it stays. */
const objectNouns = /\b(?:relation|constraint|column|table|index|schema|type|sequence|function|database|role|entity)\s*$/i;

/** What varies between records of one error, in one pass so that a kept name is not rewritten after. */
const variable = new RegExp(
  [
    String.raw`(?<uuid>\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)`,
    String.raw`(?<hex>\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,}\b)`,
    String.raw`(?<single>'(?:[^'\\]|\\.|'')*')`,
    String.raw`(?<double>"(?:[^"\\]|\\.)*")`,
    String.raw`(?<number>(?:(?<=^|[\s(\[,=:])-)?\d+(?:\.\d+)?)`,
  ].join('|'),
  'gi',
);

/**
 * An error message with what varies from record to record replaced by placeholders, so that
 * "the same error" for different rows reads alike: UUIDs `<uuid>`, hex strings `<hex>`, quoted
 * values `<value>`, numbers `<n>`. Kept: a leading SQLSTATE (`23514:`, the class of the error)
 * and double-quoted names after relation, constraint, column… (which constraint failed is the
 * point). Whitespace collapses; the result is at most 300 characters.
 */
export function normaliseErrorMessage(message: string): string {
  const sqlState = /^([0-9A-Z]{5}):/.exec(message)?.[1];
  const rest = (sqlState === undefined ? message : message.slice(sqlState.length + 1))
    .replace(variable, (match: string, ...args: unknown[]) => {
      const groups = args.at(-1) as Record<string, string | undefined>;
      const at = args.at(-3) as number;
      const whole = args.at(-2) as string;
      if (groups.uuid !== undefined) return '<uuid>';
      if (groups.hex !== undefined) return '<hex>';
      if (groups.double !== undefined && objectNouns.test(whole.slice(Math.max(0, at - 20), at))) return match;
      if (groups.number !== undefined) return '<n>';
      return '<value>';
    })
    .replace(/\s+/g, ' ')
    .trim();
  const normalised = sqlState === undefined ? rest : `${sqlState}: ${rest}`;
  return normalised.length > maxPatternLength ? `${normalised.slice(0, maxPatternLength - 1)}…` : normalised;
}

/** What a group remembers of a record: enough to show it and open it. */
export interface GroupedLetter {
  partition: number;
  offset: string;
  /** When the write failed, epoch ms. */
  at: number;
  error: string | null;
  errorKind: DeadLetterErrorKind;
}

export interface ErrorGroup {
  /** The normalised message; "(no error message)" when the headers carried none. */
  pattern: string;
  errorKind: DeadLetterErrorKind;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The most recent record of the group. */
  example: GroupedLetter;
}

/**
 * Folds records into groups by normalised message and error kind, keeping at most `maxGroups`
 * groups: records of further patterns are counted in `ungrouped`, so memory stays bounded
 * whatever the topic holds.
 */
export class ErrorGroups {
  private readonly groups = new Map<string, ErrorGroup>();
  ungrouped = 0;

  constructor(private readonly maxGroups: number) {}

  add(letter: GroupedLetter): void {
    const pattern = letter.error === null || letter.error.trim() === '' ? noErrorMessage : normaliseErrorMessage(letter.error);
    const id = `${letter.errorKind}\u0000${pattern}`;
    const group = this.groups.get(id);
    if (group === undefined) {
      if (this.groups.size >= this.maxGroups) {
        this.ungrouped++;
        return;
      }
      this.groups.set(id, { pattern, errorKind: letter.errorKind, count: 1, firstSeen: letter.at, lastSeen: letter.at, example: letter });
      return;
    }
    group.count++;
    group.firstSeen = Math.min(group.firstSeen, letter.at);
    if (letter.at >= group.lastSeen) {
      group.lastSeen = letter.at;
      group.example = letter;
    }
  }

  /** The groups, the biggest first (then the most recent). */
  list(): ErrorGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen || a.pattern.localeCompare(b.pattern));
  }
}
