import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { createKafka } from '../../../demo/kafkaClient';
import { dropDemoSchema, ensureDemoSchema, ensureDemoTopics } from '../../../demo/schema';
import { endpointsToEnv } from '../../../demo/config';

const root = join(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface DemoEndpoints {
  redisUrl: string;
  databaseUrl: string;
  kafkaBrokers: string[];
}

/**
 * The demo pipeline (a flusher and the workload) under names of its own — topics, group,
 * Postgres schema — so that it shares Kafka and Postgres with other suites without meeting
 * them; `stop` ends the processes and removes what it created.
 */
export function demoPipelineNames() {
  const base = `e2e_stats_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return { queueTopic: `${base}.writes`, dlqTopic: `${base}.writes.dlq`, controlTopic: `${base}.writes.control`, group: `${base}-flusher`, schema: base };
}

/** `names` may be chosen beforehand (demoPipelineNames), e.g. to write a profile for them first. */
export async function startDemoPipeline(endpoints: DemoEndpoints, workloadArgs: string[] = [], names = demoPipelineNames()) {
  const admin = createKafka(endpoints.kafkaBrokers, `${names.schema}-admin`, 'nothing').admin();
  const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 1 });
  await admin.connect();
  await ensureDemoTopics(admin, names, { queuePartitions: 1 });
  await ensureDemoSchema(pool, names.schema);

  const env = {
    ...process.env,
    ...endpointsToEnv(endpoints),
    DEMO_KAFKA_LOG_LEVEL: 'nothing',
  };
  let output = '';
  const run = (script: string, args: string[]): ChildProcess => {
    const child = spawn(process.execPath, [tsx, join(root, script), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    return child;
  };
  const flusher = run('demo/flusher/main.ts', [
    '--topic', names.queueTopic,
    '--group', names.group,
    '--dlq-topic', names.dlqTopic,
    '--control-topic', names.controlTopic,
    '--schema', names.schema,
    '--no-setup',
  ]);
  const workload = run('demo/workload/main.ts', ['--topic', names.queueTopic, '--schema', names.schema, ...workloadArgs]);

  const stopChild = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  return {
    names,
    output: () => output,
    flusher,
    workload,
    async stop(): Promise<void> {
      await stopChild(workload);
      await stopChild(flusher);
      const { groups } = await admin.listGroups();
      const ours = groups.map((g) => g.groupId).filter((id) => id.startsWith(names.group));
      if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
      await admin.deleteTopics({ topics: [names.queueTopic, names.dlqTopic, names.controlTopic] }).catch(() => undefined);
      await dropDemoSchema(pool, names.schema);
      await admin.disconnect();
      await pool.end();
    },
  };
}
