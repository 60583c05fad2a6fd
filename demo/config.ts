import { WriteBehindConventionsSchema, type WriteBehindConventions } from '../shared/profile';

/**
 * Where the demo processes find Redis, Postgres and Kafka. `demo/run.ts` passes the
 * endpoints that ensureServices() returned through these variables, so every child
 * process talks to the same services as its parent.
 */
export interface DemoEndpoints {
  redisUrl: string;
  databaseUrl: string;
  kafkaBrokers: string[];
}

export const defaultEndpoints: DemoEndpoints = {
  redisUrl: 'redis://127.0.0.1:6379',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  kafkaBrokers: ['127.0.0.1:9092'],
};

export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoEndpoints {
  const brokers = env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean);
  return {
    redisUrl: env.REDIS_URL || defaultEndpoints.redisUrl,
    databaseUrl: env.DATABASE_URL || defaultEndpoints.databaseUrl,
    kafkaBrokers: brokers && brokers.length > 0 ? brokers : defaultEndpoints.kafkaBrokers,
  };
}

/** The inverse of endpointsFromEnv, for spawning children. */
export function endpointsToEnv(endpoints: DemoEndpoints): Record<string, string> {
  return {
    REDIS_URL: endpoints.redisUrl,
    DATABASE_URL: endpoints.databaseUrl,
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
  };
}

/** The docs/write-behind-conventions.md defaults, taken from the profile schema so the names live in one place. */
export const defaultConventions: WriteBehindConventions = WriteBehindConventionsSchema.parse({});

/** Postgres schema that holds the demo tables unless a caller (a test) picks its own. */
export const defaultDemoSchema = 'public';
