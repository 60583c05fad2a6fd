import { log } from './logger';

/**
 * The one place an error nobody expected ends up: a throwing event listener, a promise
 * nobody awaited, an exception that reached the event loop. It is logged, with its stack,
 * and the process goes on: a dashboard that dies during an incident is worse than one
 * with a broken corner. The front end's entry routes the process's own events here.
 */
export function reportUnexpected(error: unknown, where: string): void {
  log.error(`unexpected error in ${where}`, error);
}

/** The part of `process` the guard listens to, so tests can hand it an EventEmitter. */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Routes uncaught exceptions and unhandled rejections to `reportUnexpected`. `fatal` makes
 * the process exit after logging (the CLI, whose answer is already wrong); without it the
 * process keeps running (the desktop app and serve mode). Returns the uninstaller.
 */
export function guardProcess(
  target: ProcessEvents = process,
  options: { fatal?: (error: unknown) => void } = {},
): () => void {
  const onException = (error: Error) => {
    reportUnexpected(error, 'the event loop');
    options.fatal?.(error);
  };
  const onRejection = (reason: unknown) => {
    reportUnexpected(reason, 'a promise nobody awaited');
    options.fatal?.(reason);
  };
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
