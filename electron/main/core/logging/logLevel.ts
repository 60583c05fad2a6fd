export const logLevels = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof logLevels)[number];

/** CACHESCOPE_LOG_LEVEL, or info; a value that is not a level is null so the caller can say so. */
export function parseLogLevel(raw: string | undefined): LogLevel | null {
  if (raw === undefined || raw.trim() === '') return 'info';
  const level = raw.trim().toLowerCase();
  return (logLevels as readonly string[]).includes(level) ? (level as LogLevel) : null;
}

/** Whether a record of `level` passes a sink that lets `threshold` and more severe through. */
export function passes(level: LogLevel, threshold: LogLevel): boolean {
  return logLevels.indexOf(level) <= logLevels.indexOf(threshold);
}
