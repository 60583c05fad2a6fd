import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { ensureServices, serviceStatus, stopServices, type ServiceEndpoints } from '../../scripts/services/index';
import { instanceDir, logFile } from '../../scripts/services/paths';

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

/** A port nothing listens on right now, chosen by the OS. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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

/** Random ports would otherwise leave a folder per run in .services/. */
async function removeInstances(ports: Record<string, number>): Promise<void> {
  const paths = Object.entries(ports).flatMap(([service, port]) => [instanceDir(service, port), logFile(service, port)]);
  await Promise.all(paths.map((path) => rm(path, { recursive: true, force: true })));
}
