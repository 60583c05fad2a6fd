import { kafkaService } from './kafka';
import { postgresService } from './postgres';
import { redisService } from './redis';
import { ensureService, errorMessage, statusOf, stopService, type LocalService, type Log, type ServiceName, type ServiceStatus } from './service';

export { kafkaLibsDir } from './kafka';
export { describeStatus, type ServiceName, type ServiceStatus } from './service';

export interface ServiceEndpoints {
  redisUrl: string;
  databaseUrl: string;
  kafkaBrokers: string[];
}

export type EnsureOptions = Partial<Record<ServiceName, boolean>> & { log?: Log };

/** Built on each call: ports and URLs come from the environment at that moment. */
function localServices() {
  return { redis: redisService(), postgres: postgresService(), kafka: kafkaService() };
}

/**
 * Endpoints of Redis, Postgres and Kafka: the user's (REDIS_URL, DATABASE_URL, KAFKA_BROKERS)
 * when they answer, else local instances on 127.0.0.1, started when they do not answer yet.
 * Services switched off in `opts` are not checked; their endpoint is where they would be.
 */
export async function ensureServices(opts: EnsureOptions = {}): Promise<ServiceEndpoints> {
  const log = opts.log ?? console.log;
  const endpoint = (svc: LocalService) =>
    opts[svc.name] === false ? Promise.resolve(process.env[svc.envVar] || svc.url) : ensureService(svc, log);
  const { redis, postgres, kafka } = localServices();
  // In parallel: Kafka's JVM dominates, the others are ready meanwhile.
  const [redisUrl, databaseUrl, brokers] = await settleAll([endpoint(redis), endpoint(postgres), endpoint(kafka)]);
  return { redisUrl, databaseUrl, kafkaBrokers: brokers.split(',') };
}

/** Stops the instances we started (found by their pidfiles); anything else is left alone. */
export async function stopServices(log: Log = console.log): Promise<void> {
  await settleAll(Object.values(localServices()).map((svc) => stopService(svc, log)));
}

export async function serviceStatus(): Promise<ServiceStatus[]> {
  return Promise.all(Object.values(localServices()).map(statusOf));
}

/** Like Promise.all, but waits for every task and reports all failures, not just the first. */
async function settleAll<T extends readonly unknown[] | []>(tasks: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(tasks);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [errorMessage(r.reason)] : []));
  if (failures.length > 0) throw new Error(failures.join('\n'));
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
