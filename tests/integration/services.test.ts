import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { ensureServices, serviceStatus, stopServices, type ServiceEndpoints } from '../../scripts/services/index';
import { freePort } from './support/throwawayRedis';
import { removeInstances, runScript } from './support/spareServices';

const { Kafka, logLevel, Partitioners } = kafkajs;

const endpoints = inject('endpoints');

test('a second ensureServices() returns the same endpoints at once and restarts nothing', async () => {
  await expectIdempotent(endpoints);
});

test('Redis answers at its endpoint', async () => {
  const redis = new Redis(endpoints.redisUrl, { lazyConnect: true });
  const key = `test:services:${randomUUID()}`;
  try {
    await redis.connect();
    await redis.set(key, 'v', 'PX', 60_000);
    expect(await redis.get(key)).toBe('v');
  } finally {
    await redis.del(key);
    redis.disconnect();
  }
});

test('Postgres answers at its endpoint', async () => {
  const client = new pg.Client({ connectionString: endpoints.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ sum: number }>('SELECT 1 + 1 AS sum');
    expect(rows).toEqual([{ sum: 2 }]);
  } finally {
    await client.end();
  }
});

test('Kafka answers at its endpoint: a topic can be created, written and read back', async () => {
  await expectKafkaRoundTrip(endpoints.kafkaBrokers);
});

// The suites above find the services already up; this one goes through the start path on spare
// ports, so that starting, the idempotent second call and stopping are tested on every run.
test('on spare ports, ensureServices() starts each service once and stopServices() stops them', async () => {
  const [redisPort, pgPort, kafkaPort, controllerPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const spare = {
    REDIS_PORT: String(redisPort),
    PG_PORT: String(pgPort),
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    REDIS_URL: undefined,
    DATABASE_URL: undefined,
    KAFKA_BROKERS: undefined,
  };
  await withEnv(spare, async () => {
    try {
      const started = await ensureServices({ log: () => {} });
      expect(started).toEqual({
        redisUrl: `redis://127.0.0.1:${redisPort}`,
        databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
        kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
      });
      const running = await serviceStatus();
      expect(running.every((s) => s.answering && s.pid !== undefined)).toBe(true);
      await expectIdempotent(started);
      await expectKafkaRoundTrip(started.kafkaBrokers);

      await stopServices(() => {});
      expect((await serviceStatus()).map((s) => [s.answering, s.pid])).toEqual([
        [false, undefined],
        [false, undefined],
        [false, undefined],
      ]);
    } finally {
      await stopServices(() => {});
      await removeInstances({ redis: redisPort, postgres: pgPort, kafka: kafkaPort });
    }
  });
}, 180_000);

// REDIS_URL and DATABASE_URL that nothing answers yet: the user's ports are where the services start,
// never the default ports (which here are the shared instances the other suites use).
test('services:up starts Redis and Postgres on the ports of REDIS_URL and DATABASE_URL, status and down follow them', async () => {
  const [redisPort, pgPort] = await Promise.all([freePort(), freePort()]);
  const env = {
    REDIS_URL: `redis://127.0.0.1:${redisPort}/0`,
    DATABASE_URL: `postgres://postgres:not-shown@localhost:${pgPort}/postgres`,
    REDIS_PORT: undefined,
    PG_PORT: undefined,
  };
  try {
    const up = await runScript('scripts/services.ts', ['up', 'redis', 'postgres'], env);
    expect(up.output).toMatch(new RegExp(`redis +started in .* redis://127\\.0\\.0\\.1:${redisPort}`));
    expect(up.output).toMatch(new RegExp(`postgres +started in .* postgres://postgres@127\\.0\\.0\\.1:${pgPort}/postgres`));
    expect(up.output).not.toContain('not-shown');
    expect(up.code).toBe(0);

    const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
    expect(await redis.config('GET', 'port')).toEqual(['port', String(redisPort)]);
    redis.disconnect();
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    expect((await client.query<{ port: string }>('SHOW port')).rows[0]?.port).toBe(String(pgPort));
    await client.end();

    const status = await runScript('scripts/services.ts', ['status', 'redis', 'postgres'], env);
    expect(status.output).toMatch(new RegExp(`redis +ok +redis://127\\.0\\.0\\.1:${redisPort}/0 \\(from REDIS_URL, started by us, pid \\d+\\)`));
    expect(status.output).toMatch(new RegExp(`postgres +ok +postgres://localhost:${pgPort}/postgres \\(from DATABASE_URL, started by us, pid \\d+\\)`));

    const down = await runScript('scripts/services.ts', ['down', 'redis', 'postgres'], env);
    expect(down.output).toMatch(/redis +stopped/);
    expect(down.output).toMatch(/postgres +stopped/);
    const after = await runScript('scripts/services.ts', ['status', 'redis', 'postgres'], env);
    expect(after.output).toMatch(new RegExp(`redis +down +redis://127\\.0\\.0\\.1:${redisPort}/0 \\(from REDIS_URL\\)`));
    expect(after.output).toMatch(/postgres +down /);
  } finally {
    await runScript('scripts/services.ts', ['down', 'redis', 'postgres'], env);
    await removeInstances({ redis: redisPort, postgres: pgPort });
  }
}, 120_000);

test('a REDIS_URL on another machine that does not answer is an error naming it; nothing starts', async () => {
  // 192.0.2.0/24 is TEST-NET-1: routed nowhere.
  const env = { REDIS_URL: 'redis://cache:hunter2@192.0.2.7:6390' };
  const up = await runScript('scripts/services.ts', ['up', 'redis'], env);
  expect(up.code).toBe(1);
  expect(up.output).toContain('REDIS_URL=redis://192.0.2.7:6390 does not answer, and 192.0.2.7 is not this machine');
  expect(up.output).not.toContain('hunter2');
  expect(up.output).not.toMatch(/started in|:6379/);

  const unusable = await runScript('scripts/services.ts', ['status', 'redis'], { DATABASE_URL: 'mysql://127.0.0.1:5440/x' });
  expect(unusable.code).toBe(0); // redis alone was asked for
  const broken = await runScript('scripts/services.ts', ['up', 'postgres'], { DATABASE_URL: 'mysql://root:pw@127.0.0.1:5440/x' });
  expect(broken.code).toBe(1);
  expect(broken.output).toContain('DATABASE_URL=mysql://127.0.0.1:5440/x is unusable');
}, 60_000);

/** The second call answers from the running services: same endpoints, same processes, no start. */
async function expectIdempotent(expected: ServiceEndpoints): Promise<void> {
  const before = await serviceStatus();
  const lines: string[] = [];
  const startedAt = performance.now();
  const again = await ensureServices({ log: (line) => lines.push(line) });
  expect(performance.now() - startedAt).toBeLessThan(5_000);
  expect(again).toEqual(expected);
  expect(lines).toHaveLength(3);
  for (const line of lines) expect(line).toMatch(/ ok .*\((already running|from [A-Z_]+)\)$/);
  const after = await serviceStatus();
  expect(after).toEqual(before); // includes the pids of the instances we started, Kafka's too
}

async function expectKafkaRoundTrip(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'services-test', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const topic = `test-services-${randomUUID()}`;
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    expect((await admin.describeCluster()).brokers.length).toBeGreaterThan(0);
    // Auto-creation is off: topics are created explicitly, with their leaders elected.
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] });
    expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, high: '1' })]);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
}

async function withEnv(vars: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    await fn();
  } finally {
    apply(saved);
  }
}
