import { log } from '../core/logging/logger';

/**
 * Runs `cleanup` once on SIGINT/SIGTERM, then exits. A second signal exits at once,
 * for the user who presses Ctrl-C twice because cleanup hangs on a dead service.
 */
export function onShutdownSignal(cleanup: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    cleanup().then(
      () => process.exit(signal === 'SIGINT' ? 130 : 0),
      (err: unknown) => {
        log.error('error while stopping', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
