export interface CliResult {
  /** What goes to stdout (JSON with --json). */
  output: string;
  exitCode: number;
  /** Why the exit code is not 0, for stderr. */
  reason?: string;
}

/** Exit codes: 0 all good, 1 a service or check is unhealthy, 2 bad usage, 3 an error, 4 refused: the profile is read-only. */
export const exitCodes = { ok: 0, unhealthy: 1, usage: 2, error: 3, readOnly: 4 } as const;
