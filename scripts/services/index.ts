import { kafkaService } from './kafka';
import { postgresService } from './postgres';
import { redisService } from './redis';
import { ensureService, errorMessage, statusOf, stopService, type Log, type ServiceName, type ServiceStatus, type ServiceTarget } from './service';
import { endpointSpecs, kafkaControllerPort, resolveEndpoint } from './userEndpoint';

export { kafkaLibsDir } from './kafka';
export { describeStatus, type ServiceName, type ServiceStatus } from './service';
export { isServiceName } from './userEndpoint';

export interface ServiceEndpoints {
  redisUrl: string;
  databaseUrl: string;
  kafkaBrokers: string[];
}

export type EnsureOptions = Partial<Record<ServiceName, boolean>> & { log?: Log };

const serviceNames: ServiceName[] = ['redis', 'postgres', 'kafka'];

/**
 * One service resolved from the environment at the moment of the call (tests and the CLI set it
 * late): the user's endpoint if given, and the local instance on its port. Async so that an
 * unusable variable rejects this service's task and settleAll reports it beside the others'.
 */
async function target(name: ServiceName, env: NodeJS.ProcessEnv = process.env): Promise<ServiceTarget> {
  const endpoint = resolveEndpoint(endpointSpecs[name], env);
  const { port } = endpoint;
  const svc = { redis: redisService, postgres: postgresService, kafka: (p: number) => kafkaService(p, kafkaControllerPort(p, env)) }[name](port);
  return { endpoint, svc };
}

/**
 * Endpoints of Redis, Postgres and Kafka: the user's (REDIS_URL, DATABASE_URL, KAFKA_BROKERS)
 * when they answer, else local instances started on their ports (REDIS_PORT, PG_PORT, KAFKA_PORT
 * or the defaults when no URL is given). Services switched off in `opts` are not checked; their
 * endpoint is where they would be.
 */
export async function ensureServices(opts: EnsureOptions = {}): Promise<ServiceEndpoints> {
  const log = opts.log ?? console.log;
  const endpoint = async (name: ServiceName) => {
    const resolved = await target(name);
    return opts[name] === false ? (resolved.endpoint.userUrl ?? resolved.svc.url) : ensureService(resolved, log);
  };
  // In parallel: Kafka's JVM dominates, the others are ready meanwhile.
  const [redisUrl, databaseUrl, brokers] = await settleAll([endpoint('redis'), endpoint('postgres'), endpoint('kafka')]);
  return { redisUrl, databaseUrl, kafkaBrokers: brokers.split(',').map((b) => b.trim()) };
}

/** Stops the instances we started on the resolved ports (found by their pidfiles); anything else is left alone. */
export async function stopServices(log: Log = console.log, names: ServiceName[] = serviceNames): Promise<void> {
  await settleAll(names.map(async (name) => stopService(await target(name), log)));
}

export async function serviceStatus(names: ServiceName[] = serviceNames): Promise<ServiceStatus[]> {
  return settleAll(names.map(async (name) => statusOf(await target(name))));
}

/** Like Promise.all, but waits for every task and reports all failures, not just the first. */
async function settleAll<T extends readonly unknown[] | []>(tasks: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(tasks);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [errorMessage(r.reason)] : []));
  if (failures.length > 0) throw new Error(failures.join('\n'));
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
