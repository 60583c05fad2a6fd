import { scrubSecrets } from '../analysis/scrubSecrets';
import { terminalText } from '../analysis/terminalText';
import type { LogLevel } from './logLevel';

export interface LogRecord {
  at: number;
  level: LogLevel;
  message: string;
  error?: unknown;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const head = `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
    // The stack repeats the head on its first line; keep only the frames.
    const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    return [head, ...frames.map((f) => `    ${f.trim()}`)].join('\n');
  }
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

/**
 * One record as text: `2026-12-01T19:30:00.000Z WARN  message` (the time left out on a
 * terminal, which has its own), then the error and its
 * stack frames on indented lines. Secrets are scrubbed and control characters escaped:
 * a message from a server or a flusher can neither leak a password nor drive a terminal.
 */
export function formatLogLine(
  record: LogRecord,
  secrets: Iterable<string> = [],
  options: { timestamp?: boolean } = {},
): string {
  const safe = (text: string) => terminalText(scrubSecrets(text, secrets));
  const at = options.timestamp === false ? '' : `${new Date(record.at).toISOString()} `;
  const head = `${at}${record.level.toUpperCase().padEnd(5)} ${safe(record.message)}`;
  if (record.error === undefined) return head;
  const detail = errorText(record.error)
    .split('\n')
    .map((line) => `  ${safe(line)}`)
    .join('\n');
  return `${head}\n${detail}`;
}
