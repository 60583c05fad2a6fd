import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readTopic, repoRoot, startTestFlusher, usePipeline, waitFor, groupLag } from '../demo/support';
import type { Flusher } from '../../../demo/flusher/flusher';
import { encodeEnvelope } from '../../../demo/envelope';
import { runCli } from '../support/runCli';
import { cursorOf, replayHome, replayProfile, type ReplayNames } from './support';

/**
 * The demo pipeline end to end: poison records reach the DLQ through the flusher; once the
 * constraint is relaxed, `cachescope replay` (a child process) is killed with SIGKILL at
 * several points and resumed. Every dead letter must end replayed at least once (twice is
 * harmless: versioned SQL), none lost, and Postgres must hold their values.
 */
const pipeline = usePipeline('replaycrash');
const { names, kafka, admin, producer, pool } = pipeline;
const poisonCount = 60;
let flusher: Flusher;
let home: ReturnType<typeof replayHome>;
let replay: ReplayNames;

beforeAll(async () => {
  replay = { queueTopic: names.topic, dlqTopic: names.dlqTopic, replayGroup: `${names.group}-replay`, schema: names.schema };
  home = replayHome({ main: replayProfile(replay) });
  flusher = await startTestFlusher(names);
});

afterAll(async () => {
  await flusher?.stop();
  await admin.deleteGroups([replay.replayGroup]).catch(() => undefined);
  await admin.deleteTopics({ topics: [`${names.dlqTopic}.replayed`] }).catch(() => undefined);
  home?.remove();
});

function cli(args: string[], env: Record<string, string> = {}) {
  return runCli([...args, '--profile', 'main'], { CACHESCOPE_HOME: home.home, ...env });
}

/** `cachescope replay --yes` paused at a point (or slowed by --rate), SIGKILLed once `ready` says so. */
async function replayKilled(args: string[], env: Record<string, string>, ready: (stderr: string) => Promise<boolean> | boolean): Promise<void> {
  const child = spawn(join(repoRoot, 'bin', 'cachescope.mjs'), ['replay', '--yes', '--json', '--profile', 'main', ...args], {
    cwd: repoRoot,
    env: { ...process.env, CACHESCOPE_HOME: home.home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  try {
    await waitFor(async () => child.exitCode === null && (await ready(stderr)), 60_000, `the replay to reach the kill point (stderr: ${stderr})`);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
}

/** Offsets of the DLQ replayed into the queue so far (each replay carries `x-replay-of`), with how often. */
async function replaysByOffset(atLeast: number): Promise<Map<number, number>> {
  const replays = (m: { headers: Record<string, string> }[]) => m.filter((r) => r.headers['x-replay-of']?.startsWith(`${names.dlqTopic}/`));
  const messages = await readTopic(kafka, admin, names.topic, { until: (m) => replays(m).length >= atLeast, timeoutMs: 30_000 });
  const counts = new Map<number, number>();
  for (const r of replays(messages)) {
    const offset = Number(r.headers['x-replay-of']!.split('/').pop());
    counts.set(offset, (counts.get(offset) ?? 0) + 1);
  }
  return counts;
}

test('poison records reach the DLQ; killed replays resume with nothing lost; Postgres holds the values; a second replay does nothing', { timeout: 300_000 }, async () => {
  const messages = Array.from({ length: poisonCount }, (_, i) => ({
    key: `product:c${i}`,
    value: encodeEnvelope({ op: 'upsert', entity: 'product', id: `c${i}`, version: 1, data: { name: `crash ${i}`, price_cents: -1 - i, stock: i }, producedAt: Date.now() }),
  }));
  await producer.send({ topic: names.topic, acks: -1, messages });
  await waitFor(async () => Number((await admin.fetchTopicOffsets(names.dlqTopic))[0]!.high) === poisonCount, 60_000, 'every poison record in the DLQ');
  await waitFor(async () => (await groupLag(admin, names.group, names.topic)) === 0, 30_000, 'the flusher to catch up');

  const dry = await cli(['replay', '--dry-run', '--json']);
  expect(dry.code, dry.stderr).toBe(0);
  expect(JSON.parse(dry.stdout)).toEqual({ matched: poisonCount, wouldReplay: poisonCount, superseded: 0, byTopic: { [names.topic]: poisonCount } });

  // The cause is fixed: the constraint the poison records broke is relaxed.
  await pool.query(`ALTER TABLE "${names.schema}".products DROP CONSTRAINT products_price_cents_check`);

  // 1. Killed before its first produce: nothing was produced, nothing committed.
  await replayKilled([], { CACHESCOPE_REPLAY_PAUSE_AT: 'before-produce' }, (stderr) => stderr.includes('paused at before-produce'));
  expect(await cursorOf(admin, replay)).toEqual([-1]);

  // 2. Killed after its second chunk of 10 was acknowledged but before that chunk's commit: 20 produced, the cursor at 10.
  await replayKilled(['--rate', '10'], { CACHESCOPE_REPLAY_PAUSE_AT: 'after-produce', CACHESCOPE_REPLAY_PAUSE_AT_COUNT: '2' }, (stderr) => stderr.includes('paused at after-produce'));
  expect(await cursorOf(admin, replay)).toEqual([10]);
  expect([...(await replaysByOffset(20)).keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));

  // 3. Killed mid-stream, between chunks, once the cursor moved on.
  await replayKilled(['--rate', '10'], {}, async () => ((await cursorOf(admin, replay))[0] ?? 0) >= 30);
  const cursorAfterKill = (await cursorOf(admin, replay))[0]!;
  expect(cursorAfterKill).toBeGreaterThanOrEqual(30);
  expect(cursorAfterKill).toBeLessThanOrEqual(poisonCount);

  // The resume replays what is still pending, from the cursor.
  const resumed = await cli(['replay', '--yes', '--json']);
  expect(resumed.code, resumed.stderr).toBe(0);
  const result = JSON.parse(resumed.stdout);
  expect(Object.keys(result)).toEqual(['replayed', 'superseded', 'parked', 'failed', 'durationMs']);
  expect(result).toMatchObject({ replayed: poisonCount - cursorAfterKill, superseded: 0, parked: 0, failed: 0 });
  expect(await cursorOf(admin, replay)).toEqual([poisonCount]);

  // None lost: every dead letter was replayed, some twice (the kill after produce, before commit).
  const counts = await replaysByOffset(poisonCount);
  expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: poisonCount }, (_, i) => i));
  expect([...counts.values()].every((n) => n === 1 || n === 2)).toBe(true);

  await waitFor(async () => (await groupLag(admin, names.group, names.topic)) === 0, 60_000, 'the flusher to persist the replays');
  const rows = await pool.query(`SELECT id, name, price_cents, stock, version FROM "${names.schema}".products WHERE id LIKE 'c%' ORDER BY stock`);
  expect(rows.rows).toEqual(Array.from({ length: poisonCount }, (_, i) => ({ id: `c${i}`, name: `crash ${i}`, price_cents: -1 - i, stock: i, version: '1' })));
  // The flusher did not dead-letter them again.
  expect(Number((await admin.fetchTopicOffsets(names.dlqTopic))[0]!.high)).toBe(poisonCount);

  const twice = await cli(['replay', '--yes', '--json']);
  expect(JSON.parse(twice.stdout)).toMatchObject({ replayed: 0, superseded: 0, failed: 0 });
  const dryAfter = await cli(['replay', '--dry-run', '--json']);
  expect(JSON.parse(dryAfter.stdout)).toEqual({ matched: 0, wouldReplay: 0, superseded: 0, byTopic: {} });
});
