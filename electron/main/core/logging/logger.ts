import { join } from 'node:path';
import { formatLogLine, type LogRecord } from './logLine';
import { passes, type LogLevel } from './logLevel';
import type { RotatingFile } from './rotatingFile';

export interface LogSink {
  threshold: LogLevel;
  /** Whether lines start with the time (a file: yes; a terminal the user watches: no). */
  timestamps: boolean;
  write(line: string): void;
}

/** Where the log lives in the user-data folder. */
export function logFilePath(userDataDir: string): string {
  return join(userDataDir, 'logs', 'cachescope.log');
}

export function fileSink(file: RotatingFile, threshold: LogLevel): LogSink {
  return { threshold, timestamps: true, write: (line) => file.append(line) };
}

/** stderr: stdout belongs to the CLI's answers and serve mode's URL. */
export function stderrSink(threshold: LogLevel): LogSink {
  return { threshold, timestamps: false, write: (line) => process.stderr.write(`cachescope: ${line}\n`) };
}

/**
 * The one logger of a process. Front ends point it at their sinks (the log file, stderr)
 * at start; until then, and in tests, warnings and errors go to stderr. Every line is
 * scrubbed of URL passwords and of the secrets registered with `addSecrets`.
 */
export class Logger {
  private sinks: LogSink[] = [stderrSink('warn')];
  private readonly secrets = new Set<string>();

  configure(sinks: LogSink[]): void {
    this.sinks = sinks;
  }

  /** Values that must never appear in a line (profile passwords), replaced by `***`. */
  addSecrets(values: Iterable<string | undefined>): void {
    for (const value of values) if (value) this.secrets.add(value);
  }

  error(message: string, error?: unknown): void {
    this.write({ at: Date.now(), level: 'error', message, error });
  }

  warn(message: string, error?: unknown): void {
    this.write({ at: Date.now(), level: 'warn', message, error });
  }

  info(message: string): void {
    this.write({ at: Date.now(), level: 'info', message });
  }

  debug(message: string): void {
    this.write({ at: Date.now(), level: 'debug', message });
  }

  private write(record: LogRecord): void {
    for (const sink of this.sinks) {
      if (!passes(record.level, sink.threshold)) continue;
      try {
        sink.write(formatLogLine(record, this.secrets, { timestamp: sink.timestamps }));
      } catch {
        // A full disk or a closed stderr must not turn a log line into a crash.
      }
    }
  }
}

export const log = new Logger();
