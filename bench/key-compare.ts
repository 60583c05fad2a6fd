/**
 * `keys compare` for one key with 1,000 pending records on the key's partition, side by side
 * with reading that partition with Kafka's own `kafka-console-consumer` (the JVM ConsoleConsumer
 * from the same jars as the broker) from the flusher group's committed offset and filtering
 * by key, in the same run.
 *
 *   npx tsx bench/key-compare.ts [--pending 1000] [--runs 7]
 *
 * Prints medians, the ratio CacheScope / JVM tool (target ≤ 0.5×) and the Kafka requests each
 * sends: CacheScope's counted by kafkajs' `network.request` instrumentation, the console
 * consumer's by its own client log (NetworkClient at DEBUG logs every request it sends).
 * Creates its topics, group, schema and key, and removes them afterwards.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ensureServices, kafkaLibsDir } from '../scripts/services/index';
import { requireExecutable } from '../scripts/services/proc';
import { dropDemoSchema, ensureDemoSchema, ensureDemoTopics } from '../demo/schema';
import { ProfileSchema } from '../shared/profile';
import { keyNameToHex } from '../shared/keyName';
import { partitionForKey } from '../electron/main/core/analysis/murmur2';
import { PartitionFetcher } from '../electron/main/core/connections/partitionFetcher';
import { compareKey } from '../electron/main/core/investigate/compareKey';
import { median, ms, timed } from './support/laggingGroup';

const { Kafka: KafkaClient, Partitioners, logLevel } = kafkajs;
const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..');

const { values } = parseArgs({ options: { pending: { type: 'string', default: '1000' }, runs: { type: 'string', default: '7' } } });
const pendingCount = Number(values.pending);
const runs = Number(values.runs);
const partitions = 3;

async function main(): Promise<void> {
  const endpoints = await ensureServices({ log: () => undefined });
  const brokers = endpoints.kafkaBrokers.join(',');
  const id = randomBytes(3).toString('hex');
  const names = { queueTopic: `cachescope-bench-compare-${id}`, dlqTopic: `cachescope-bench-compare-${id}.dlq`, controlTopic: `cachescope-bench-compare-${id}.control` };
  const group = `${names.queueTopic}-flusher`;
  const schema = `bench_compare_${id}`;
  const key = `product:bench-${id}`;
  const work = mkdtempSync(join(tmpdir(), 'cachescope-bench-compare-'));

  const kafka = new KafkaClient({ clientId: 'cachescope-bench', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  const redis = new Redis(endpoints.redisUrl);
  const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 4 });
  await admin.connect();
  await producer.connect();
  const profile = ProfileSchema.parse({
    id: 'bench',
    name: 'bench',
    redis: { url: endpoints.redisUrl },
    postgres: { url: endpoints.databaseUrl },
    kafka: { brokers: endpoints.kafkaBrokers },
    writeBehind: { ...names, flusherGroup: group },
    namespaces: [{ keyPattern: 'product:{id}', table: 'products', schema }],
  });
  try {
    await ensureDemoTopics(admin, names, { queuePartitions: partitions });
    await ensureDemoSchema(pool, schema);
    await pool.query(`INSERT INTO "${schema}".products (id, name, price_cents, version) VALUES ($1, 'Lamp', 2500, 1)`, [`bench-${id}`]);
    await redis.set(key, JSON.stringify({ id: `bench-${id}`, name: 'Lamp', price_cents: 2500, stock: null, version: 1, updated_at: null }), 'EX', 3600);

    // 1,000 pending records on the key's partition past the group's commit: 100 of the key, 900 of neighbours.
    const partition = partitionForKey(Buffer.from(key), partitions);
    const neighbours: string[] = [];
    for (let i = 0; neighbours.length < 90; i++) if (partitionForKey(Buffer.from(`product:n${id}-${i}`), partitions) === partition) neighbours.push(`product:n${id}-${i}`);
    const committed = 0;
    const messages = Array.from({ length: pendingCount }, (_, i) => {
      const recordKey = i % 10 === 0 ? key : neighbours[i % neighbours.length]!;
      return { key: recordKey, value: JSON.stringify({ op: 'upsert', entity: 'product', id: recordKey.slice(8), version: 2 + i, data: { name: 'Lamp', price_cents: i }, producedAt: Date.now() }) };
    });
    for (let at = 0; at < messages.length; at += 500) await producer.send({ topic: names.queueTopic, acks: -1, messages: messages.slice(at, at + 500) });
    await admin.setOffsets({ groupId: group, topic: names.queueTopic, partitions: Array.from({ length: partitions }, (_, p) => ({ partition: p, offset: String(committed) })) });
    const ofKey = messages.filter((m) => m.key === key).length;
    console.log(`${names.queueTopic}: ${pendingCount} pending records on partition ${partition} (${ofKey} of ${key}), ${group} committed at ${committed}`);

    // CacheScope: keys.compare as the core runs it (Redis, Postgres, the key's partition, the DLQ), cold: a new Kafka reader each run.
    const deps = (fetcher: PartitionFetcher) => ({
      profile,
      masterFor: () => ({ address: endpoints.redisUrl, client: redis }),
      pool: async () => pool,
      fetcher: async () => fetcher,
      kafkaFailure: async (err: unknown) => String(err),
    });
    const cold: number[] = [];
    const warm: number[] = [];
    let coldRequests: string[] = [];
    let warmRequests: string[] = [];
    for (let i = 0; i < runs; i++) {
      const requests: string[] = [];
      const fetcher = new PartitionFetcher(kafka, { onRequest: (r) => requests.push(r.apiName) });
      try {
        const first = await timed(() => compareKey(deps(fetcher), Buffer.from(key)));
        if (first.value.pendingWrites?.matching !== ofKey) throw new Error(`CacheScope found ${first.value.pendingWrites?.matching} pending writes, not ${ofKey}`);
        cold.push(first.ms);
        coldRequests = [...requests];
        requests.length = 0;
        warm.push((await timed(() => compareKey(deps(fetcher), Buffer.from(key)))).ms);
        warmRequests = [...requests];
      } finally {
        await fetcher.disconnect();
      }
    }

    // The CLI as a person runs it: a whole process (built CLI), its core, one compare.
    const profilesFile = join(work, 'profiles.json');
    writeFileSync(profilesFile, JSON.stringify({ profiles: [profile] }), { mode: 0o600 });
    const cli: number[] = [];
    for (let i = 0; i < runs; i++) {
      cli.push(
        (
          await timed(async () => {
            const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'cachescope.mjs'), 'keys', 'compare', key, '--json', '--profile', 'bench'], {
              env: { ...process.env, CACHESCOPE_HOME: work, CACHESCOPE_PROFILES: profilesFile },
            }).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
            if (JSON.parse(stdout).pendingWrites.length !== ofKey) throw new Error(`the CLI listed ${JSON.parse(stdout).pendingWrites.length} pending writes`);
          })
        ).ms,
      );
    }

    // kafka-console-consumer: the partition from the committed offset, every pending record, filtered by key.
    const libs = await kafkaLibsDir();
    const java = await requireExecutable('java', 'install a JRE 17+', process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, 'bin')] : []);
    const quiet = join(work, 'log4j.properties');
    const chatty = join(work, 'log4j-requests.properties');
    const appender = 'log4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\n';
    writeFileSync(quiet, `log4j.rootLogger=ERROR, stderr\n${appender}`);
    writeFileSync(chatty, `log4j.rootLogger=ERROR, stderr\nlog4j.logger.org.apache.kafka.clients.NetworkClient=DEBUG\n${appender}`);
    const consoleArgs = (log4j: string) => [
      `-Dlog4j.configuration=file:${log4j}`,
      '-cp',
      join(libs, '*'),
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server', brokers,
      '--topic', names.queueTopic,
      '--partition', String(partition),
      '--offset', String(committed),
      '--max-messages', String(pendingCount),
      '--property', 'print.key=true',
      '--property', 'print.offset=true',
      '--consumer-property', 'enable.auto.commit=false',
    ];
    const jvm: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { ms: took, value } = await timed(() => run(java, consoleArgs(quiet), { maxBuffer: 64 * 1024 * 1024 }));
      const found = value.stdout.split('\n').filter((line) => line.split('\t')[1] === key).length;
      if (found !== ofKey) throw new Error(`kafka-console-consumer found ${found} records of the key, not ${ofKey}`);
      jvm.push(took);
    }
    const counted = await run(java, consoleArgs(chatty), { maxBuffer: 64 * 1024 * 1024 });
    const jvmRequests = counted.stderr.split('\n').filter((line) => /Sending \w+ request with header/.test(line)).map((line) => /Sending (\w+) request/.exec(line)![1]!);

    const tally = (names: string[]) => Object.entries(names.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {})).map(([n, c]) => `${n} ${c}`).join(', ');
    const jvmMedian = median(jvm);
    console.log(`\nmedian of ${runs} runs, ${pendingCount} pending records on the key's partition:`);
    console.log(`  kafka-console-consumer (JVM, offset given) ${ms(jvmMedian)} ms   1×         ${jvmRequests.length} Kafka requests (${tally(jvmRequests)})`);
    console.log(`  keys.compare, cold (new Kafka reader)     ${ms(median(cold))} ms   ${(median(cold) / jvmMedian).toFixed(3)}×   ${coldRequests.length} Kafka requests (${tally(coldRequests)})`);
    console.log(`  keys.compare, warm                        ${ms(median(warm))} ms   ${(median(warm) / jvmMedian).toFixed(3)}×   ${warmRequests.length} Kafka requests (${tally(warmRequests)})`);
    console.log(`  cachescope keys compare --json (process)  ${ms(median(cli))} ms   ${(median(cli) / jvmMedian).toFixed(3)}×`);
    console.log(`\nkeys: ${keyNameToHex(Buffer.from(key))} · target ≤ 0.5× the JVM tool's wall time`);
  } finally {
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [names.queueTopic, names.dlqTopic, names.controlTopic] }).catch(() => undefined);
    await dropDemoSchema(pool, schema).catch(() => undefined);
    await redis.del(key);
    await producer.disconnect();
    await admin.disconnect();
    await pool.end();
    redis.disconnect();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
