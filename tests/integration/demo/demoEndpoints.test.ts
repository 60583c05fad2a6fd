import { Redis } from 'ioredis';
import pg from 'pg';
import { expect, test } from 'vitest';
import { freePort } from '../support/throwawayRedis';
import { remotePortsOfTree, removeInstances, runScript } from '../support/spareServices';

const defaultPorts = [6379, 5432, 9092];

// The whole `npm run demo` (without the dashboard) pointed by REDIS_URL, DATABASE_URL and
// KAFKA_BROKERS at ports where nothing answers yet: it must start its services there and write
// there, never to the shared instances on the default ports.
test('npm run demo with REDIS_URL, DATABASE_URL and KAFKA_BROKERS on free local ports starts and uses services there, and never the default ports', async () => {
  const [redisPort, pgPort, kafkaPort, controllerPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env = {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
    KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    DEMO_KAFKA_LOG_LEVEL: 'nothing',
  };
  const peers = new Set<number>();
  try {
    const demo = await runScript('demo/run.ts', ['--no-app', '--duration', '25', '--reads', '100', '--writes', '20', '--keys', '200'], env, async (pid) => {
      for (const port of await remotePortsOfTree(pid)) peers.add(port);
    });
    expect(demo.output, demo.output).toContain(`running against redis redis://127.0.0.1:${redisPort}, postgres postgres://127.0.0.1:${pgPort}/postgres, kafka 127.0.0.1:${kafkaPort}`);
    expect(demo.code, demo.output).toBe(0);
    // The demo's processes talked to the user's ports (so the sampling saw them) and to no default port.
    expect([redisPort, pgPort, kafkaPort].every((port) => peers.has(port)), [...peers].join(',')).toBe(true);
    expect(defaultPorts.filter((port) => peers.has(port))).toEqual([]);

    const redis = new Redis(env.REDIS_URL, { lazyConnect: true });
    await redis.connect();
    expect(await redis.dbsize()).toBeGreaterThan(0);
    redis.disconnect();
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM public.products');
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
    await client.end();
  } finally {
    await runScript('scripts/services.ts', ['down'], env);
    await removeInstances({ redis: redisPort, postgres: pgPort, kafka: kafkaPort });
  }
}, 300_000);
