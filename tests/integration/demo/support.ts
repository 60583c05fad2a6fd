import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Admin, Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { endpointsToEnv, type DemoEndpoints } from '../../../demo/config';
import { createKafka, createProducer } from '../../../demo/kafkaClient';
import { Flusher, type FlusherOptions } from '../../../demo/flusher/flusher';
import { dropDemoSchema, ensureDemoSchema, ensureDemoTopics } from '../../../demo/schema';

// kafkajs inside in-process flushers: quiet in tests.
process.env.DEMO_KAFKA_LOG_LEVEL ??= 'nothing';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function endpoints(): DemoEndpoints {
  return inject('endpoints');
}

/** A name no other test (or earlier run) uses: topics, groups, schemas, key prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function testKafka(clientId = uniqueName('demo-test')): Kafka {
  return createKafka(endpoints().kafkaBrokers, clientId, 'nothing');
}

/** The names one test's pipeline uses, all unique. */
export interface PipelineNames {
  topic: string;
  dlqTopic: string;
  controlTopic: string;
  group: string;
  schema: string;
}

export function pipelineNames(label: string): PipelineNames {
  const base = uniqueName(`demo_${label}`);
  return {
    topic: `${base}.writes`,
    dlqTopic: `${base}.writes.dlq`,
    controlTopic: `${base}.writes.control`,
    group: `${base}-flusher`,
    schema: base.toLowerCase(),
  };
}

/** Creates a test's topics and schema; `dispose` deletes them along with its groups. */
export async function setUpPipeline(admin: Admin, pool: pg.Pool, names: PipelineNames, queuePartitions = 3) {
  await ensureDemoTopics(admin, { queueTopic: names.topic, dlqTopic: names.dlqTopic, controlTopic: names.controlTopic }, { queuePartitions });
  await ensureDemoSchema(pool, names.schema);
  return {
    async dispose() {
      // The flusher group and its per-worker control groups (`<group>.control.<worker>`). A
      // SIGKILLed worker stays a member until its session times out; only then can the
      // group be deleted.
      const { groups } = await admin.listGroups();
      const ours = groups.map((g) => g.groupId).filter((id) => id === names.group || id.startsWith(`${names.group}.`));
      if (ours.length > 0) {
        await waitFor(
          async () => (await admin.describeGroups(ours)).groups.every((g) => g.state === 'Empty' || g.state === 'Dead'),
          15_000,
          'killed flushers to leave their groups',
        ).catch(() => undefined);
        await admin.deleteGroups(ours).catch(() => undefined);
      }
      await admin.deleteTopics({ topics: [names.topic, names.dlqTopic, names.controlTopic] }).catch(() => undefined);
      await dropDemoSchema(pool, names.schema);
    },
  };
}

export interface PipelineFixture {
  names: PipelineNames;
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  pool: pg.Pool;
}

/**
 * A test file's own pipeline: unique topics, groups and schema, created before its tests
 * and removed after them, with the clients the tests share.
 */
export function usePipeline(prefix: string, queuePartitions = 3): PipelineFixture {
  const kafka = testKafka();
  const fixture: PipelineFixture = {
    names: pipelineNames(prefix),
    kafka,
    admin: kafka.admin(),
    producer: createProducer(kafka),
    pool: testPool(),
  };
  let pipeline: Awaited<ReturnType<typeof setUpPipeline>> | undefined;
  beforeAll(async () => {
    await fixture.admin.connect();
    await fixture.producer.connect();
    pipeline = await setUpPipeline(fixture.admin, fixture.pool, fixture.names, queuePartitions);
  });
  afterAll(async () => {
    await pipeline?.dispose();
    await fixture.producer.disconnect();
    await fixture.admin.disconnect();
    await fixture.pool.end();
  });
  return fixture;
}

export function testPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: endpoints().databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  return pool;
}

/** A Redis client whose every key lives under a unique prefix; `cleanup` deletes them. */
export function prefixedRedis(): { redis: Redis; prefix: string; cleanup: () => Promise<void> } {
  const prefix = `${uniqueName('demo-test')}:`;
  const redis = new Redis(endpoints().redisUrl, { keyPrefix: prefix });
  return {
    redis,
    prefix,
    async cleanup() {
      // SCAN's MATCH is not prefixed by ioredis: scan with a plain client.
      const plain = new Redis(endpoints().redisUrl);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await plain.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          if (keys.length > 0) await plain.unlink(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        await plain.quit();
        await redis.quit();
      }
    },
  };
}

/** Messages in partition 0..n of the group's topic not yet committed. */
export async function groupLag(admin: Admin, group: string, topic: string): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  let lag = 0;
  for (const { partition, high, low } of ends) {
    const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    const from = offset === '-1' ? BigInt(low) : BigInt(offset);
    lag += Number(BigInt(high) - from);
  }
  return lag;
}

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

/**
 * Reads a topic from the beginning with a throwaway group until `count` messages (or
 * `until` says so) arrived, then leaves and deletes the group.
 */
export async function readTopic(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  { count, until, timeoutMs = 20_000 }: { count?: number; until?: (messages: ReadMessage[]) => boolean; timeoutMs?: number },
): Promise<ReadMessage[]> {
  const groupId = uniqueName('demo-test-reader');
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const messages: ReadMessage[] = [];
  const done = until ?? ((m: ReadMessage[]) => m.length >= (count ?? Infinity));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} messages from ${topic} before timing out`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            messages.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: headerStrings(message.headers),
            });
            if (done(messages)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return messages;
}

/** Polls `check` until it returns true. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A flusher child process (`node --import tsx demo/flusher/main.ts`): one process, so SIGKILL is a real crash. */
export class FlusherProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(names: PipelineNames, extraArgs: string[] = [], extraEnv: Record<string, string> = {}) {
    const args = [
      '--import',
      'tsx',
      'demo/flusher/main.ts',
      '--topic', names.topic,
      '--dlq-topic', names.dlqTopic,
      '--control-topic', names.controlTopic,
      '--group', names.group,
      '--schema', names.schema,
      '--session-timeout-ms', '6000',
      '--stats-ms', '0',
      '--slow-key', uniqueName('demo-test-slow'),
      ...extraArgs,
    ];
    this.child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, ...endpointsToEnv(endpoints()), DEMO_KAFKA_LOG_LEVEL: 'nothing', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString().split('\n').filter(Boolean));
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    return waitFor(() => this.output.some((line) => pattern.test(line)), timeoutMs, `${pattern} in flusher output:\n${this.output.join('\n')}`);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** An in-process flusher on a test's pipeline, quiet and quick to give up its partitions. */
export function startTestFlusher(names: PipelineNames, overrides: Partial<FlusherOptions> = {}): Promise<Flusher> {
  const log: string[] = [];
  return Flusher.start({
    endpoints: endpoints(),
    topic: names.topic,
    group: names.group,
    dlqTopic: names.dlqTopic,
    controlTopic: names.controlTopic,
    schema: names.schema,
    maxBatchSize: 100,
    lingerMs: 100,
    maxAttempts: 3,
    backoff: { baseMs: 10, maxMs: 100 },
    slowMs: 0,
    slowKey: uniqueName('demo-test-slow'),
    ensureSetup: false,
    statsIntervalMs: 0,
    sessionTimeoutMs: 6_000,
    log: (line) => log.push(line),
    ...overrides,
  });
}
