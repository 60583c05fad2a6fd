import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, IHeaders, Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { Core } from '../../../electron/main/core/core';
import type { JobSnapshot } from '../../../shared/contracts/jobs';
import type { ProfileInput } from '../../../shared/profile';
import { createProducer } from '../../../demo/kafkaClient';
import { dropDemoSchema, ensureDemoSchema } from '../../../demo/schema';
import { endpoints, testKafka, uniqueName } from '../demo/support';
import { waitForJob } from '../../../electron/main/cli/waitForJob';

/** The write-behind names of one test: its own queue, DLQ, replay group, schema. */
export interface ReplayNames {
  queueTopic: string;
  dlqTopic: string;
  replayGroup: string;
  schema: string;
}

export function replayNames(label: string): ReplayNames {
  const base = uniqueName(`replay_${label}`);
  return { queueTopic: `${base}.writes`, dlqTopic: `${base}.writes.dlq`, replayGroup: `${base}-replay`, schema: base.toLowerCase() };
}

/** A profile over the shared services and the test's names, mapping `product:{id}` to the test schema's table. */
export function replayProfile(names: ReplayNames, extra: Partial<ProfileInput> = {}): Omit<ProfileInput, 'id' | 'name'> {
  const { redisUrl, databaseUrl, kafkaBrokers } = endpoints();
  return {
    redis: { url: redisUrl },
    postgres: { url: databaseUrl },
    kafka: { brokers: kafkaBrokers },
    writeBehind: { queueTopic: names.queueTopic, dlqTopic: names.dlqTopic, replayGroup: names.replayGroup, controlTopic: `${names.queueTopic}.control`, flusherGroup: `${names.queueTopic}-flusher` },
    namespaces: [{ keyPattern: 'product:{id}', table: `${names.schema}.products`, keyColumn: 'id', versionColumn: 'version' }],
    ...extra,
  };
}

/** A user-data folder with profiles `main` (and any others given); `core(id)` opens one. */
export function replayHome(profiles: Record<string, Omit<ProfileInput, 'id' | 'name'>>) {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-replay-'));
  const list = Object.entries(profiles).map(([id, profile]) => ({ id, name: `Replay ${id}`, ...profile }));
  writeFileSync(join(home, 'profiles.json'), JSON.stringify({ profiles: list }), { mode: 0o600 });
  return {
    home,
    core: (profileId = 'main') => Core.create({ frontEnd: 'cli', userDataDir: home, profileId, env: {} }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

export interface KafkaClients {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
}

/**
 * Kafka clients for each test: an admin and a murmur2 producer, fresh per test because a
 * kafkajs client keeps asking about every topic it once used, and earlier tests delete theirs.
 */
export function useKafka(): KafkaClients {
  const clients = {} as KafkaClients;
  beforeEach(async () => {
    clients.kafka = testKafka();
    clients.admin = clients.kafka.admin();
    clients.producer = createProducer(clients.kafka);
    await clients.admin.connect();
    await clients.producer.connect();
  });
  afterEach(async () => {
    await clients.producer.disconnect();
    await clients.admin.disconnect();
  });
  return clients;
}

/** CacheScope's DLQ headers for a record that failed at `topic`/`partition`/`offset`. */
export function cachescopeHeaders(topic: string, partition: number, offset: number, error = '23514: violates check constraint'): IHeaders {
  return {
    'x-error': error,
    'x-error-kind': 'permanent',
    'x-attempts': '1',
    'x-original-topic': topic,
    'x-original-partition': String(partition),
    'x-original-offset': String(offset),
    'x-failed-at': new Date().toISOString(),
  };
}

/** A write envelope's value. */
export function envelope(id: string, version: number, price: number): string {
  return JSON.stringify({ op: 'upsert', entity: 'product', id, version, data: { name: `n${id}`, price_cents: price, stock: 1 }, producedAt: Date.now() });
}

export async function createTopics(admin: Admin, topics: string[], numPartitions = 1): Promise<void> {
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })), waitForLeaders: true });
}

/**
 * Runs `body` with a home holding `profiles` and the test's queue and DLQ topics (and `extraTopics`)
 * created; with `schemaIn`, its schema too, through that pool. All of it is removed after, whatever happened.
 */
export async function withOwnDlq(
  admin: Admin,
  names: ReplayNames,
  setup: { profiles: Record<string, Omit<ProfileInput, 'id' | 'name'>>; extraTopics?: string[]; schemaIn?: pg.Pool },
  body: (home: ReturnType<typeof replayHome>) => Promise<void>,
): Promise<void> {
  const home = replayHome(setup.profiles);
  await createTopics(admin, [names.queueTopic, names.dlqTopic, ...(setup.extraTopics ?? [])]);
  if (setup.schemaIn) await ensureDemoSchema(setup.schemaIn, names.schema);
  try {
    await body(home);
  } finally {
    await removeKafkaNames(admin, names, setup.extraTopics);
    if (setup.schemaIn) await dropDemoSchema(setup.schemaIn, names.schema);
    home.remove();
  }
}

/** Deletes the test's topics (its ledger and parking topics too) and its replay group. */
export async function removeKafkaNames(admin: Admin, names: ReplayNames, extraTopics: string[] = []): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const topics = [names.queueTopic, names.dlqTopic, `${names.dlqTopic}.replayed`, `${names.dlqTopic}.parked`, ...extraTopics].filter((t) => existing.has(t));
  await admin.deleteGroups([names.replayGroup]).catch(() => undefined);
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
}

/** The replay group's committed offset per partition of the DLQ (-1 when none). */
export async function cursorOf(admin: Admin, names: ReplayNames): Promise<number[]> {
  const [committed] = await admin.fetchOffsets({ groupId: names.replayGroup, topics: [names.dlqTopic] });
  return (committed?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
}

/** Starts a job and waits for its end. */
export async function runJob(core: Core, started: Promise<JobSnapshot>): Promise<JobSnapshot> {
  return waitForJob(core, (await started).id);
}
