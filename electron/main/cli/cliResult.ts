export interface CliResult {
  /** What goes to stdout (JSON with --json). */
  output: string;
  /** One of exitCodes, or 130 after Ctrl-C. */
  exitCode: number;
  /** Why the exit code is not 0, for stderr. */
  reason?: string;
}

/** Exit codes: 0 all good, 1 a service or check is unhealthy, 2 bad usage, 3 an error, 4 refused: the profile is read-only. */
export const exitCodes = { ok: 0, unhealthy: 1, usage: 2, error: 3, readOnly: 4 } as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The general meaning of each exit code, in help. */
export const exitCodeMeanings: Record<ExitCode, string> = {
  0: 'ok',
  1: 'unhealthy: a service, group or check is not as it should be',
  2: 'bad usage: an unknown verb or option, or a bad value',
  3: 'error: something could not be read or done',
  4: 'refused: the profile is read-only',
};

/** A bad-usage result naming the problem. */
export function usageError(reason: string): CliResult {
  return { output: '', exitCode: exitCodes.usage, reason };
}
