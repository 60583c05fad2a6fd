/**
 * One write-behind lag refresh of a consumer group over a 1000-partition topic, side by side
 * with Kafka's own `kafka-consumer-groups --describe` (the JVM ConsumerGroupCommand from the
 * same jars as the broker), in the same run, against the same group.
 *
 *   npx tsx bench/lag-refresh.ts [--partitions 1000] [--runs 7]
 *
 * Prints medians and the ratio CacheScope / JVM tool (target ≤ 0.2×). Creates its topics and
 * group on 127.0.0.1 and deletes them afterwards.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import kafkajs, { type Admin, type Kafka, type RequestEvent } from 'kafkajs';
import { ensureServices, kafkaLibsDir } from '../scripts/services/index';
import { requireExecutable } from '../scripts/services/proc';
import { WriteBehindConventionsSchema } from '../shared/profile';
import { KafkaConnection } from '../electron/main/core/connections/kafkaConnection';
import { readQueueOffsets, type QueuePair } from '../electron/main/core/samplers/queueOffsets';
import { QueueLagSampler } from '../electron/main/core/samplers/queueLagSampler';

const { Kafka: KafkaClient, logLevel } = kafkajs;
const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..');

const { values } = parseArgs({ options: { partitions: { type: 'string', default: '1000' }, runs: { type: 'string', default: '7' } } });
const partitionCount = Number(values.partitions);
const runs = Number(values.runs);
/** Records per partition, and where the group committed: every partition lags. */
const producedPerPartition = 4;
const committedAt = 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => (x < 100 ? x.toFixed(1) : x.toFixed(0));

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function setUp(admin: Admin, kafka: Kafka, topic: string, dlqTopic: string, group: string): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    timeout: 120_000,
    topics: [
      { topic, numPartitions: partitionCount, replicationFactor: 1 },
      { topic: dlqTopic, numPartitions: 1, replicationFactor: 1 },
    ],
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const messages = Array.from({ length: partitionCount * producedPerPartition }, (_, i) => ({
      partition: i % partitionCount,
      value: `record ${i}`,
    }));
    for (let i = 0; i < messages.length; i += 2_000) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 2_000) });
    }
  } finally {
    await producer.disconnect();
  }
  const partitions = Array.from({ length: partitionCount }, (_, partition) => ({ partition, offset: String(committedAt) }));
  await admin.setOffsets({ groupId: group, topic, partitions });
  // kafkajs' setOffsets may return before the broker stored every commit.
  for (let tries = 0; ; tries++) {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    if (offsets!.partitions.every((p) => p.offset === String(committedAt))) break;
    if (tries > 100) throw new Error('the committed offsets did not appear');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Requests one offsets read sends, once the client knows metadata and coordinators. */
async function requestsPerRead(kafka: Kafka, pairs: QueuePair[], target: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await readQueueOffsets(admin, pairs, target);
    let count = 0;
    const stop = admin.on(admin.events.REQUEST, (_event: RequestEvent) => (count += 1));
    await readQueueOffsets(admin, pairs, target);
    stop();
    return count;
  } finally {
    await admin.disconnect();
  }
}

/** kafka-consumer-groups --describe as a person runs it: a JVM from the broker's jars. */
async function describeWithJvm(java: string, libs: string, log4j: string, brokers: string, group: string): Promise<{ ms: number; totalLag: number }> {
  const args = [`-Dlog4j.configuration=file:${log4j}`, '-cp', join(libs, '*'), 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand'];
  const { ms: elapsed, value } = await timed(() => run(java, [...args, '--bootstrap-server', brokers, '--describe', '--group', group], { maxBuffer: 64 << 20 }));
  const rows = value.stdout.split('\n').filter((line) => line.startsWith(`${group} `));
  const totalLag = rows.reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[5]), 0);
  return { ms: elapsed, totalLag };
}

async function main(): Promise<void> {
  const { kafkaBrokers } = await ensureServices({ redis: false, postgres: false, log: () => undefined });
  const brokers = kafkaBrokers.join(',');
  const libs = await kafkaLibsDir();
  const java = await requireExecutable('java', 'install a JRE 17+', process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, 'bin')] : []);
  const id = randomBytes(3).toString('hex');
  const topic = `cachescope-bench-lag-${id}`;
  const dlqTopic = `${topic}.dlq`;
  const smallTopic = `${topic}.small`;
  const group = `${topic}-group`;
  const work = mkdtempSync(join(tmpdir(), 'cachescope-bench-'));
  const log4j = join(work, 'log4j.properties');
  writeFileSync(log4j, 'log4j.rootLogger=ERROR, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\n');

  const kafka = new KafkaClient({ clientId: 'cachescope-bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const conventions = WriteBehindConventionsSchema.parse({ queueTopic: topic, flusherGroup: group, dlqTopic });
  try {
    console.log(`setting up ${topic}: ${partitionCount} partitions, ${producedPerPartition} records each, ${group} committed at ${committedAt}…`);
    await setUp(admin, kafka, topic, dlqTopic, group);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: smallTopic, numPartitions: 10, replicationFactor: 1 }] });

    // CacheScope: the sampler the dashboard runs every second, on its own connection.
    const cold: number[] = [];
    const warm: number[] = [];
    let reportLag = 0;
    let timeLagRead = 0;
    for (let i = 0; i < runs; i++) {
      const connection = new KafkaConnection({ brokers: kafkaBrokers, clientId: 'cachescope-bench' });
      const sampler = new QueueLagSampler('bench', conventions, connection);
      try {
        cold.push((await timed(() => sampler.refresh())).ms);
        // The first refresh could not date the pending records: they are read in the background.
        if (i === 0) timeLagRead = (await timed(() => sampler.refreshSettled())).ms;
        else await sampler.refreshSettled();
        const { ms: elapsed, value: report } = await timed(() => sampler.refresh());
        warm.push(elapsed);
        reportLag = report.groups[0]!.totalLag;
        if (report.groups[0]!.maxTimeLagMs === null) throw new Error('time lags were not read');
      } finally {
        await sampler.dispose();
        await connection.dispose();
      }
    }

    const jvm: number[] = [];
    let jvmLag = 0;
    for (let i = 0; i < runs; i++) {
      const result = await describeWithJvm(java, libs, log4j, brokers, group);
      jvm.push(result.ms);
      jvmLag = result.totalLag;
    }

    // The same question from the command line, process to process (includes the time lags).
    const home = join(work, 'home');
    writeFileSync(join(work, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'bench', name: 'Bench', kafka: { brokers: kafkaBrokers }, writeBehind: conventions }] }));
    const cli: number[] = [];
    for (let i = 0; i < runs; i++) {
      const env = { ...process.env, CACHESCOPE_HOME: home, CACHESCOPE_PROFILES: join(work, 'profiles.json') };
      cli.push((await timed(() => run(join(repoRoot, 'bin', 'cachescope.mjs'), ['lag', '--json', '--profile', 'bench'], { env, maxBuffer: 64 << 20 }).catch((err: { code?: number }) => {
        // Exit 1 only says the lag is over the SLA; the answer is printed all the same.
        if (err.code !== 1) throw err;
      }))).ms);
    }

    const wide = await requestsPerRead(kafka, [{ groupId: group, topic }, { groupId: conventions.replayGroup, topic: dlqTopic }], brokers);
    const narrow = await requestsPerRead(kafka, [{ groupId: group, topic: smallTopic }, { groupId: conventions.replayGroup, topic: dlqTopic }], brokers);

    const jvmMedian = median(jvm);
    const ratio = (x: number) => `${(x / jvmMedian).toFixed(3)}×`;
    console.log(`
lag of ${group} over ${partitionCount} partitions, median of ${runs} runs each
  kafka-consumer-groups --describe (JVM, Kafka 3.9.1 jars)   ${ms(jvmMedian)} ms
  CacheScope refresh, warm (what the dashboard does each s)   ${ms(median(warm))} ms   ${ratio(median(warm))}
  CacheScope refresh, cold (new connection, first refresh)    ${ms(median(cold))} ms   ${ratio(median(cold))}
  cachescope lag --json (whole CLI process, with time lags)   ${ms(median(cli))} ms   ${ratio(median(cli))}
  target: ≤ 0.2× — ${median(warm) / jvmMedian <= 0.2 && median(cold) / jvmMedian <= 0.2 ? 'met' : 'MISSED'}

  total lag: CacheScope ${reportLag}, JVM tool ${jvmLag}${reportLag === jvmLag ? ' (agree)' : ' (DISAGREE)'}
  requests per offsets read (queue + DLQ pair): ${wide} with ${partitionCount} partitions, ${narrow} with 10
  time lags of ${partitionCount} lagging partitions, read once in the background: ${ms(timeLagRead)} ms`);
  } finally {
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic, dlqTopic, smallTopic] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
