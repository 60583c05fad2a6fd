/**
 * The write-behind flusher as a process: `npx tsx demo/flusher/main.ts --help`.
 * SIGTERM or SIGINT: stop consuming, flush and commit the in-memory batch, exit 0.
 * A second signal exits at once (uncommitted records are read again by the next flusher).
 */
import { endpointsFromEnv } from '../config';
import { defaultBackoff } from './backoff';
import { Flusher, newWorkerId } from './flusher';
import { flusherUsage, parseFlusherArgs, type FlusherArgs } from './flusherArgs';
import { pauseHooksFromEnv } from './pauseHooks';

function parseOrExit(): FlusherArgs {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(flusherUsage);
    process.exit(0);
  }
  try {
    return parseFlusherArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${flusherUsage}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = parseOrExit();
  const workerId = args.workerId ?? newWorkerId();
  const log = (line: string) => console.log(`[${workerId}] ${line}`);

  let flusher: Flusher | undefined = undefined; // set once started; the signal handlers need it earlier
  let stopRequested = false;
  const requestStop = (reason: string, { force }: { force: boolean }) => {
    if (stopRequested) {
      if (!force) return;
      log(`${reason} again: exiting without waiting`);
      process.exit(1);
    }
    stopRequested = true;
    log(`${reason}: flushing and committing before exit`);
    if (flusher) void flusher.stop().then((clean) => process.exit(clean ? 0 : 1));
  };
  process.on('SIGTERM', () => requestStop('SIGTERM', { force: true }));
  process.on('SIGINT', () => requestStop('SIGINT', { force: true }));
  // Started by demo/run.ts with an IPC channel: if the runner dies, stop gracefully too.
  if (process.connected) process.on('disconnect', () => requestStop('parent process gone', { force: false }));

  flusher = await Flusher.start({
    endpoints: endpointsFromEnv(),
    topic: args.topic,
    group: args.group,
    dlqTopic: args.dlqTopic,
    controlTopic: args.controlTopic,
    schema: args.schema,
    maxBatchSize: args.maxBatchSize,
    lingerMs: args.lingerMs,
    maxAttempts: args.maxAttempts,
    backoff: { ...defaultBackoff, baseMs: args.backoffBaseMs, maxMs: args.backoffMaxMs },
    slowMs: args.slowMs,
    slowKey: args.slowKey,
    workerId,
    ensureSetup: args.ensureSetup,
    statsIntervalMs: args.statsIntervalMs,
    sessionTimeoutMs: args.sessionTimeoutMs,
    lockTimeoutMs: args.lockTimeoutMs,
    hooks: pauseHooksFromEnv(process.env, log),
    log,
    onFatal: () => void flusher?.stop().finally(() => process.exit(1)),
  });
  log(
    `ready: group ${args.group}, topic ${args.topic} -> schema ${args.schema}, batches of ${args.maxBatchSize} or ${args.lingerMs} ms`,
  );
  // A signal that arrived while starting is honoured now that there is something to stop.
  if (stopRequested) process.exit((await flusher.stop()) ? 0 : 1);
}

main().catch((err: Error) => {
  console.error(`[flusher] fatal: ${err.stack ?? err.message}`);
  process.exit(1);
});
