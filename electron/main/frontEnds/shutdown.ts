/**
 * Resolves with the first SIGINT or SIGTERM, for the caller to clean up and exit. A second
 * signal exits at once, for the user who presses Ctrl-C twice because cleanup hangs on a
 * dead service.
 */
export function nextShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
