import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Admin, Kafka } from 'kafkajs';
import { kafkaLibsDir } from '../../scripts/services/index';
import { requireExecutable } from '../../scripts/services/proc';

const run = promisify(execFile);

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const ms = (x: number) => (x < 100 ? x.toFixed(1) : x.toFixed(0));

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Records per partition, and where the group committed: every partition lags. */
export const producedPerPartition = 4;
export const committedAt = 2;

/** A topic of `partitionCount` partitions (4 records each), its DLQ, and `group` committed at 2 on every partition. */
export async function setUpLaggingGroup(admin: Admin, kafka: Kafka, names: { topic: string; dlqTopic: string; group: string }, partitionCount: number): Promise<void> {
  const { topic, dlqTopic, group } = names;
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

/** `kafka-consumer-groups --describe --group G` as a person runs it: a JVM from the broker's jars. */
export interface JvmDescribe {
  /** The command line (program and arguments). */
  command: [string, ...string[]];
  run(): Promise<{ ms: number; totalLag: number }>;
}

export async function jvmDescribe(workDir: string, brokers: string, group: string): Promise<JvmDescribe> {
  const libs = await kafkaLibsDir();
  const java = await requireExecutable('java', 'install a JRE 17+', process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, 'bin')] : []);
  const log4j = join(workDir, 'log4j.properties');
  writeFileSync(log4j, 'log4j.rootLogger=ERROR, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\n');
  const args = [
    `-Dlog4j.configuration=file:${log4j}`,
    '-cp',
    join(libs, '*'),
    'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    '--bootstrap-server',
    brokers,
    '--describe',
    '--group',
    group,
  ];
  return {
    command: [java, ...args],
    async run() {
      const { ms: elapsed, value } = await timed(() => run(java, args, { maxBuffer: 64 << 20 }));
      const rows = value.stdout.split('\n').filter((line) => line.startsWith(`${group} `));
      const totalLag = rows.reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[5]), 0);
      return { ms: elapsed, totalLag };
    },
  };
}
