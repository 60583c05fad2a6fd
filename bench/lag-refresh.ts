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
import kafkajs, { type Kafka, type RequestEvent } from 'kafkajs';
import { ensureServices } from '../scripts/services/index';
import { WriteBehindConventionsSchema } from '../shared/profile';
import { KafkaConnection } from '../electron/main/core/connections/kafkaConnection';
import { readQueueOffsets, type QueuePair } from '../electron/main/core/samplers/queueOffsets';
import { QueueLagSampler } from '../electron/main/core/samplers/queueLagSampler';
import { committedAt, jvmDescribe, median, ms, producedPerPartition, setUpLaggingGroup, timed } from './support/laggingGroup';

const { Kafka: KafkaClient, logLevel } = kafkajs;
const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..');

const { values } = parseArgs({ options: { partitions: { type: 'string', default: '1000' }, runs: { type: 'string', default: '7' } } });
const partitionCount = Number(values.partitions);
const runs = Number(values.runs);

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

async function main(): Promise<void> {
  const { kafkaBrokers } = await ensureServices({ redis: false, postgres: false, log: () => undefined });
  const brokers = kafkaBrokers.join(',');
  const id = randomBytes(3).toString('hex');
  const topic = `cachescope-bench-lag-${id}`;
  const dlqTopic = `${topic}.dlq`;
  const smallTopic = `${topic}.small`;
  const group = `${topic}-group`;
  const work = mkdtempSync(join(tmpdir(), 'cachescope-bench-'));
  const describe = await jvmDescribe(work, brokers, group);

  const kafka = new KafkaClient({ clientId: 'cachescope-bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const conventions = WriteBehindConventionsSchema.parse({ queueTopic: topic, flusherGroup: group, dlqTopic });
  try {
    console.log(`setting up ${topic}: ${partitionCount} partitions, ${producedPerPartition} records each, ${group} committed at ${committedAt}…`);
    await setUpLaggingGroup(admin, kafka, { topic, dlqTopic, group }, partitionCount);
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
      const result = await describe.run();
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
