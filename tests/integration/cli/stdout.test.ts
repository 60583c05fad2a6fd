import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { endpointsToEnv } from '../../../demo/config';
import { testKafka, uniqueName, waitFor } from '../demo/support';
import { runCommand } from '../support/runCommand';
import { startCli, type RunningCli } from '../support/runCli';
import { profilesFile } from '../writeBehind/support';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'cachescope.mjs');
const home = mkdtempSync(join(tmpdir(), 'cachescope-stdout-'));
const localEnv = { CACHESCOPE_HOME: home, ...endpointsToEnv(inject('endpoints')) };

const kafka = testKafka();
const admin: Admin = kafka.admin();
const base = uniqueName('cli_watch');
const conventions = { queueTopic: `${base}.writes`, dlqTopic: `${base}.writes.dlq`, flusherGroup: `${base}-flusher` };
const profiles = profilesFile(conventions);
const lagEnv = { CACHESCOPE_HOME: profiles.home };

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: conventions.queueTopic, numPartitions: 2 },
      { topic: conventions.dlqTopic, numPartitions: 1 },
    ],
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: conventions.queueTopic, acks: -1, messages: [0, 0, 0, 1].map((partition) => ({ partition, value: 'w' })) });
  await producer.disconnect();
  // The flusher persisted one record of partition 0: three wait.
  await admin.setOffsets({ groupId: conventions.flusherGroup, topic: conventions.queueTopic, partitions: [{ partition: 0, offset: '1' }] });
  await waitFor(
    async () => (await admin.fetchOffsets({ groupId: conventions.flusherGroup, topics: [conventions.queueTopic] }))[0]!.partitions.some((p) => p.offset === '1'),
    10_000,
    'the committed offset',
  );
});

afterAll(async () => {
  await admin.deleteGroups([conventions.flusherGroup]).catch(() => undefined);
  await admin.deleteTopics({ topics: [conventions.queueTopic, conventions.dlqTopic] }).catch(() => undefined);
  await admin.disconnect();
  profiles.dispose();
  rmSync(home, { recursive: true, force: true });
});

/** Reads `n` lines while the CLI keeps running: each reached us when written, not at exit. */
async function readLines(cli: RunningCli, n: number): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(await cli.nextLine());
  expect(cli.child.exitCode).toBeNull();
  return lines;
}

/** `<cachescope args> | <reader>` in bash with pipefail: the pipeline fails if cachescope does. */
function throughPipe(args: string[], reader: string, env: Record<string, string>) {
  const quoted = [bin, ...args].map((a) => `'${a}'`).join(' ');
  return runCommand('bash', ['-c', `set -o pipefail; ${quoted} | ${reader}`], { cwd: root, env: { ...process.env, ...env } });
}

const firstLineThroughHead = (args: string[], env: Record<string, string>) => throughPipe(args, 'head -1', env);

test('a long answer reaches a slow reader whole: the CLI does not exit before stdout is flushed', async () => {
  // A thousand audit records: several times what a pipe holds (64 KiB on Linux).
  const records = Array.from({ length: 1_000 }, (_, i) => ({
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    user: 'ops',
    host: 'laptop',
    frontEnd: 'cli',
    profileId: 'local',
    profileName: 'Local',
    environment: 'dev',
    action: 'keys.invalidate',
    parameters: { pattern: `watch-test:${'x'.repeat(200)}:${i}` },
    counts: { matched: i, deleted: i },
    durationMs: 1,
    outcome: 'ok',
    error: null,
  }));
  writeFileSync(join(home, 'audit.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
  // The reader starts after the CLI has written everything and exited, if exiting did not wait.
  const { code, stdout, stderr } = await throughPipe(['audit', '--count', '1000', '--json'], '{ sleep 1; cat; }', localEnv);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout.length).toBeGreaterThan(4 * (64 << 10));
  expect(JSON.parse(stdout).records).toHaveLength(1_000);
});

describe('stats --watch --json', () => {
  test('prints one JSON object per line as each sample is taken, and exits 0 on Ctrl-C', async () => {
    const cli = startCli(['stats', '--watch', '--json'], localEnv);
    const lines = await readLines(cli, 2);
    cli.child.kill('SIGINT');
    const { code, stderr } = await cli.exited;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const samples = lines.map((line) => JSON.parse(line));
    expect(samples[1].at).toBeGreaterThan(samples[0].at);
    for (const sample of samples) expect(sample).toMatchObject({ mastersUp: 1, mastersTotal: 1 });
  });

  test('stops quietly, exit 0, when its reader goes away (| head -1)', async () => {
    const { code, stdout, stderr } = await firstLineThroughHead(['stats', '--watch', '--json'], localEnv);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ mastersUp: 1 });
  });
});

describe('lag --watch', () => {
  test('--json prints one report per line, each reading judged over the ones before it', async () => {
    const cli = startCli(['lag', '--watch', '--json', '--profile', 'wb'], lagEnv);
    const reports = (await readLines(cli, 3)).map((line) => JSON.parse(line));
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toMatchObject({ code: 0, stderr: '' });
    for (const report of reports) {
      expect(report.issues).toEqual([]);
      expect(report.groups).toHaveLength(1);
      expect(report.groups[0]).toMatchObject({ groupId: conventions.flusherGroup, topic: conventions.queueTopic, totalLag: 3 });
      expect(report.groups[0].verdicts.headline.text).toEqual(expect.any(String));
    }
    expect(reports.map((r) => r.groups[0].windowSamples)).toEqual([1, 2, 3]);
  });

  test('stops quietly when its reader goes away, stops after --count readings, and prints a line per group in text', async () => {
    const head = await firstLineThroughHead(['lag', '--watch', '--json', '--profile', 'wb'], lagEnv);
    expect({ code: head.code, stderr: head.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(head.stdout).groups[0]).toMatchObject({ totalLag: 3 });

    const text = await runCommand(bin, ['lag', '--watch', '--count', '2', '--profile', 'wb'], { env: { ...process.env, ...lagEnv } });
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    // Each reading: the queue's group, then the DLQ.
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d  ${conventions.flusherGroup} on ${conventions.queueTopic}: .+  lag 3, oldest `));
    expect(lines[1]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d  DLQ ${conventions.dlqTopic}: 0 not replayed$`));
  });

  test('--window and --count are usage errors where they mean nothing', async () => {
    const both = await runCommand(bin, ['lag', '--watch', '--window', '5', '--profile', 'wb'], { env: { ...process.env, ...lagEnv } });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('--window goes without --watch') });
    const count = await runCommand(bin, ['lag', '--count', '2', '--profile', 'wb'], { env: { ...process.env, ...lagEnv } });
    expect(count).toMatchObject({ code: 2, stderr: expect.stringContaining('--count goes with --watch') });
  });
});
