import { usageError, type CliResult } from './cliResult';

/** A number of seconds from an option, or a usage error saying what was wrong. */
export function parseSeconds(flag: string, raw: string | undefined, fallback: number, min: number): number | CliResult {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) return usageError(`${flag} needs a number of seconds >= ${min}, got "${raw}"`);
  return value;
}

/** A whole number >= 0 from an option, undefined when not given, or a usage error. */
export function parseWholeNumber(flag: string, raw: string | undefined): number | undefined | CliResult {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) return usageError(`${flag} needs a whole number, got "${raw}"`);
  return value;
}

/** `--count N` of a `--watch`: how many lines before stopping (no end when not given), or a usage error. */
export function parseLineCount(raw: string | undefined): number | CliResult {
  if (raw === undefined) return Infinity;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1) return usageError(`--count needs a whole number >= 1, got "${raw}"`);
  return count;
}
