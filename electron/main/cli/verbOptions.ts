import { usageError, type CliResult } from './cliResult';

/** A number of seconds from an option, or a usage error saying what was wrong. */
export function parseSeconds(flag: string, raw: string | undefined, fallback: number, min: number): number | CliResult {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) return usageError(`${flag} needs a number of seconds >= ${min}, got "${raw}"`);
  return value;
}
