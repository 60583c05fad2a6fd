/**
 * The demo workload as a process: `npx tsx demo/workload/main.ts --help`.
 * Reads through the cache and writes behind it until SIGTERM/SIGINT, printing a summary
 * line every few seconds.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { endpointsFromEnv } from '../config';
import { createKafka, createProducer } from '../kafkaClient';
import { ShutdownSequence } from '../lifecycle';
import { LoadGenerator } from '../loadGenerator';
import { ReadThroughCache } from '../readThroughCache';
import { postgresRowLoader } from '../rowLoader';
import { ensureDemoSchema } from '../schema';
import { seedDemoRows } from '../seed';
import { VersionClock } from '../versionClock';
import { WriteBehindWriter } from '../writeBehindWriter';
import { parseWorkloadArgs, workloadUsage, type WorkloadArgs } from './workloadArgs';

const log = (line: string) => console.log(`[workload] ${line}`);

function parseOrExit(): WorkloadArgs {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(workloadUsage);
    process.exit(0);
  }
  try {
    return parseWorkloadArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${workloadUsage}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = parseOrExit();
  const endpoints = endpointsFromEnv();
  const shutdown = new ShutdownSequence();
  let generator: LoadGenerator | undefined = undefined; // set once started; stop() needs it earlier
  let stopping = false;

  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    await generator?.stop();
    const failures = await shutdown.close();
    for (const failure of failures) log(`shutdown: ${failure.message}`);
    process.exit(failures.length === 0 ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Started by demo/run.ts with an IPC channel: if the runner dies, stop too.
  if (process.connected) process.on('disconnect', () => void stop('parent process gone'));

  const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 8, application_name: 'cachescope-demo-workload' });
  pool.on('error', (err) => log(`postgres idle client error: ${err.message}`));
  shutdown.add('postgres pool', () => pool.end());

  const redis = new Redis(endpoints.redisUrl, { connectionName: 'cachescope-demo-workload', maxRetriesPerRequest: 2 });
  redis.on('error', (err) => log(`redis: ${err.message}`));
  shutdown.add('redis', () => redis.quit().catch(() => redis.disconnect()));

  const producer = createProducer(createKafka(endpoints.kafkaBrokers, 'cachescope-demo-workload'));
  await producer.connect();
  shutdown.add('kafka producer', () => producer.disconnect());

  await ensureDemoSchema(pool, args.schema);
  if (args.seed) await seedDemoRows(pool, args.schema, args.keyCount);

  const cache = new ReadThroughCache({
    redis,
    loader: postgresRowLoader(pool, args.schema),
    ttlSeconds: args.ttlSeconds,
    negativeTtlSeconds: args.negativeTtlSeconds,
  });
  const writer = new WriteBehindWriter({
    redis,
    producer,
    versions: new VersionClock(redis),
    topic: args.topic,
    ttlSeconds: args.ttlSeconds,
  });
  generator = new LoadGenerator({
    cache,
    writer,
    redis,
    readsPerSecond: args.readsPerSecond,
    writesPerSecond: args.writesPerSecond,
    keyCount: args.keyCount,
    zipfExponent: args.zipfExponent,
    poisonRate: args.poisonRate,
    deleteRate: args.deleteRate,
    ...(args.stampedeEverySeconds > 0
      ? { stampede: { everySeconds: args.stampedeEverySeconds, concurrency: args.stampedeConcurrency } }
      : {}),
    statsIntervalMs: args.statsIntervalMs,
    log,
  });
  if (stopping) return;
  generator.start();
  log(
    `running: ${args.readsPerSecond} reads/s, ${args.writesPerSecond} writes/s over ${args.keyCount} keys per namespace ` +
      `(zipf ${args.zipfExponent}, poison ${args.poisonRate}, stampede every ${args.stampedeEverySeconds || '-'} s)`,
  );
}

main().catch((err: Error) => {
  console.error(`[workload] fatal: ${err.stack ?? err.message}`);
  process.exit(1);
});
