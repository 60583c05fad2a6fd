import { fileSink, log, logFilePath, stderrSink, type LogSink } from './logger';
import { parseLogLevel } from './logLevel';
import { RotatingFile } from './rotatingFile';
import { guardProcess } from './unexpected';

export interface ProcessLogOptions {
  userDataDir: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Called after an unexpected error is logged. The CLI exits (its answer could be wrong);
   * the desktop app and serve mode leave it out and keep running.
   */
  fatal?: (error: unknown) => void;
}

/**
 * What every front end's entry does first: the log goes to `<userData>/logs/cachescope.log`
 * (rotated, at CACHESCOPE_LOG_LEVEL, info by default) and warnings and errors to stderr too;
 * unexpected errors anywhere in the process end up there. Returns the log file's path, or
 * null when the folder cannot be written (then stderr alone).
 */
export function startProcessLog(options: ProcessLogOptions): string | null {
  const raw = (options.env ?? process.env).CACHESCOPE_LOG_LEVEL;
  const level = parseLogLevel(raw) ?? 'info';
  const sinks: LogSink[] = [stderrSink(level === 'error' ? 'error' : 'warn')];
  let path: string | null = logFilePath(options.userDataDir);
  try {
    sinks.push(fileSink(new RotatingFile(path), level));
  } catch (err) {
    log.warn(`cannot write the log ${path}, logging to stderr only`, err);
    path = null;
  }
  log.configure(sinks);
  if (parseLogLevel(raw) === null) log.warn(`CACHESCOPE_LOG_LEVEL="${raw}" is not error, warn, info or debug: logging at info`);
  guardProcess(process, options.fatal ? { fatal: options.fatal } : {});
  return path;
}
