/**
 * Replaying a dead-letter topic, side by side in one run with what an ops engineer would type
 * instead: Kafka's own `kafka-console-consumer` piped into `kafka-console-producer` (the JVM
 * classes from the broker's jars), moving the same records with their keys and headers.
 *
 *   npm run bench:replay -- [--records 100000] [--partitions 3] [--runs 3] [--value-bytes 200]
 *
 * - CacheScope: the built `cachescope replay --yes --json` as a process, with its guarantees:
 *   idempotent producer with acks=all, the replay cursor committed only past acknowledged
 *   records, `x-replay-of` and `x-replayed-at` on each record, failure headers dropped.
 * - JVM: `ConsoleConsumer --from-beginning --max-messages N --property print.key=true
 *   --property print.headers=true` | `ConsoleProducer --property parse.key=true
 *   --property parse.headers=true` with acks=all and idempotence; its consumer group commits
 *   on a timer, whatever the producer did.
 *
 * Each run gets fresh destination topics and groups; both move every record of the DLQ. Prints
 * each side's wall time and records per second, the medians, and the throughput ratio
 * CacheScope / JVM (target ≥ 1.0×). Creates its topics on 127.0.0.1 and deletes them afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import kafkajs, { type Admin } from 'kafkajs';
import { ensureServices, kafkaLibsDir } from '../scripts/services/index';
import { requireExecutable } from '../scripts/services/proc';
import { median, ms, timed } from './support/laggingGroup';

const { Kafka: KafkaClient, Partitioners, logLevel } = kafkajs;
const repoRoot = join(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    partitions: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    'value-bytes': { type: 'string', default: '200' },
  },
});
const recordCount = Number(values.records);
const partitionCount = Number(values.partitions);
const runs = Number(values.runs);
const valueBytes = Number(values['value-bytes']);

/** Runs a command to its end; rejects with its stderr on a non-zero exit. */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/** `kafka-console-consumer … | kafka-console-producer …` as one pipeline; resolves when the producer exits. */
function consolePipe(java: string, classpath: string[], brokers: string, from: string, to: string, group: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const consumer = spawn(java, [
      ...classpath,
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server', brokers,
      '--topic', from,
      '--group', group,
      '--from-beginning',
      '--max-messages', String(recordCount),
      '--property', 'print.key=true',
      '--property', 'print.headers=true',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const producer = spawn(java, [
      ...classpath,
      'kafka.tools.ConsoleProducer',
      '--bootstrap-server', brokers,
      '--topic', to,
      '--property', 'parse.key=true',
      '--property', 'parse.headers=true',
      '--producer-property', 'acks=all',
      '--producer-property', 'enable.idempotence=true',
      '--producer-property', 'linger.ms=5',
    ], { stdio: ['pipe', 'ignore', 'pipe'] });
    consumer.stdout.pipe(producer.stdin);
    let stderr = '';
    for (const child of [consumer, producer]) child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    consumer.once('exit', (code) => {
      if (code !== 0) reject(new Error(`ConsoleConsumer exited ${code}: ${stderr}`));
    });
    producer.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ConsoleProducer exited ${code}: ${stderr}`))));
  });
}

async function recordsIn(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

async function main(): Promise<void> {
  const { kafkaBrokers } = await ensureServices({ redis: false, postgres: false, log: () => undefined });
  const brokers = kafkaBrokers.join(',');
  const libs = await kafkaLibsDir();
  const java = await requireExecutable('java', 'install a JRE 17+', process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, 'bin')] : []);
  const work = mkdtempSync(join(tmpdir(), 'cachescope-bench-replay-'));
  const log4j = join(work, 'log4j.properties');
  writeFileSync(log4j, 'log4j.rootLogger=ERROR, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\n');
  const classpath = [`-Dlog4j.configuration=file:${log4j}`, '-cp', join(libs, '*')];
  if (!existsSync(join(repoRoot, 'out', 'cli', 'cachescope.js'))) {
    console.log('building the CLI (npm run build:cli)…');
    await runProcess('npm', ['run', '--silent', 'build:cli']);
  }

  const base = `cachescope-bench-replay-${randomBytes(3).toString('hex')}`;
  const dlqTopic = `${base}.dlq`;
  const kafka = new KafkaClient({ clientId: 'cachescope-bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = [dlqTopic];
  const groups: string[] = [];
  try {
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
    console.log(`filling ${dlqTopic}: ${recordCount} dead letters of ~${valueBytes} bytes over ${partitionCount} partitions…`);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: dlqTopic, numPartitions: partitionCount, replicationFactor: 1 }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const padding = 'x'.repeat(Math.max(0, valueBytes - 120));
    const failedAt = new Date().toISOString();
    for (let i = 0; i < recordCount; i += 5_000) {
      const messages = Array.from({ length: Math.min(5_000, recordCount - i) }, (_, j) => {
        const n = i + j;
        return {
          key: `product:${n}`,
          value: JSON.stringify({ op: 'upsert', entity: 'product', id: String(n), version: 1, data: { name: padding, price_cents: -1 }, producedAt: Date.now() }),
          // Headers without commas: the console producer splits its header list on them.
          headers: { 'x-error': '23514 check constraint products_price_cents_check', 'x-error-kind': 'permanent', 'x-original-partition': String(n % partitionCount), 'x-original-offset': String(n), 'x-failed-at': failedAt },
        };
      });
      await producer.send({ topic: dlqTopic, acks: -1, messages });
    }
    await producer.disconnect();

    const cachescopeMs: number[] = [];
    const jvmMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const jvmTopic = `${base}.jvm.${i}`;
      const queueTopic = `${base}.writes.${i}`;
      const jvmGroup = `${base}-console-${i}`;
      const replayGroup = `${base}-replay-${i}`;
      topics.push(jvmTopic, queueTopic);
      groups.push(jvmGroup, replayGroup);
      await admin.createTopics({ waitForLeaders: true, topics: [jvmTopic, queueTopic].map((topic) => ({ topic, numPartitions: partitionCount, replicationFactor: 1 })) });

      // The DLQ records name no original topic: the profile's queue topic receives them.
      const home = join(work, `home-${i}`);
      rmSync(home, { recursive: true, force: true });
      const profiles = { profiles: [{ id: 'bench', name: 'Bench', kafka: { brokers: kafkaBrokers }, writeBehind: { queueTopic, dlqTopic, replayGroup }, namespaces: [] }] };
      mkdirSync(home, { recursive: true });
      writeFileSync(join(home, 'profiles.json'), JSON.stringify(profiles), { mode: 0o600 });

      const jvm = await timed(() => consolePipe(java, classpath, brokers, dlqTopic, jvmTopic, jvmGroup));
      const jvmMoved = await recordsIn(admin, jvmTopic);
      const cachescope = await timed(() =>
        runProcess(process.execPath, [join(repoRoot, 'bin', 'cachescope.mjs'), 'replay', '--yes', '--json', '--profile', 'bench'], { ...process.env, CACHESCOPE_HOME: home }),
      );
      const result = JSON.parse(cachescope.value) as { replayed: number; durationMs: number };
      const moved = await recordsIn(admin, queueTopic);
      if (jvmMoved !== recordCount || moved !== recordCount || result.replayed !== recordCount) {
        throw new Error(`run ${i + 1}: the JVM pipe moved ${jvmMoved}, CacheScope replayed ${result.replayed} (${moved} in ${queueTopic}) of ${recordCount}`);
      }
      jvmMs.push(jvm.ms);
      cachescopeMs.push(cachescope.ms);
      const rate = (t: number) => Math.round(recordCount / (t / 1000));
      console.log(
        `run ${i + 1}: cachescope replay ${ms(cachescope.ms)} ms (${rate(cachescope.ms)} records/s; the job itself ${result.durationMs} ms) · console-consumer | console-producer ${ms(jvm.ms)} ms (${rate(jvm.ms)} records/s)`,
      );
    }
    const rate = (t: number) => recordCount / (t / 1000);
    const ours = rate(median(cachescopeMs));
    const theirs = rate(median(jvmMs));
    console.log('');
    console.log(`records                               ${recordCount} (${partitionCount} partitions, ~${valueBytes}-byte values, 5 headers)`);
    console.log(`cachescope replay (median)            ${ms(median(cachescopeMs))} ms  ${Math.round(ours)} records/s`);
    console.log(`console-consumer | console-producer   ${ms(median(jvmMs))} ms  ${Math.round(theirs)} records/s`);
    console.log(`throughput ratio cachescope / JVM     ${(ours / theirs).toFixed(2)}×  (target ≥ 1.0×)`);
  } finally {
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.deleteTopics({ topics: [...topics, `${dlqTopic}.replayed`] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
