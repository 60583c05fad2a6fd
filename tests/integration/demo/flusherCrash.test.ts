import { describe, expect, test } from 'vitest';
import { encodeEnvelope, type WriteEnvelope } from '../../../demo/envelope';
import { FlusherProcess, groupLag, usePipeline, waitFor } from './support';

const { names, admin, producer, pool } = usePipeline('crash');

/** The last version written per id: what Postgres must hold in the end. */
const lastVersion = new Map<string, number>();
let produced = 0;

async function produce(envelopes: WriteEnvelope[]): Promise<void> {
  await producer.send({
    topic: names.topic,
    acks: -1,
    messages: envelopes.map((e) => ({ key: `product:${e.id}`, value: encodeEnvelope(e) })),
  });
  for (const e of envelopes) lastVersion.set(e.id, Math.max(lastVersion.get(e.id) ?? 0, e.version));
  produced += envelopes.length;
}

/** `count` keys written once, plus hot keys written `hotVersions` times each (interleaved). */
function phase(label: string, count: number, hotFrom: number, hotVersions: number): WriteEnvelope[] {
  const envelopes: WriteEnvelope[] = [];
  const upsert = (id: string, version: number): WriteEnvelope => ({
    op: 'upsert',
    entity: 'product',
    id,
    version,
    data: { name: `${id} v${version}`, price_cents: version, stock: 1 },
    producedAt: Date.now(),
  });
  for (let i = 0; i < count; i++) envelopes.push(upsert(`${label}${i}`, 1));
  for (let v = hotFrom; v < hotFrom + hotVersions; v++) {
    for (let h = 0; h < 5; h++) envelopes.splice((v * 7 + h * 13) % envelopes.length, 0, upsert(`hot${h}`, v));
  }
  return envelopes;
}

async function storedVersions(): Promise<Map<string, number>> {
  const result = await pool.query(`SELECT id, version, name FROM "${names.schema}".products`);
  for (const row of result.rows) expect(row.name).toBe(`${row.id} v${row.version}`);
  return new Map(result.rows.map((r) => [r.id as string, Number(r.version)]));
}

const flusherArgs = ['--batch-size', '40', '--linger-ms', '100'];

describe('flusher crashes (SIGKILL) at each point of its commit sequence', () => {
  test('after restarts Postgres holds exactly the last version of every key, none skipped', { timeout: 120_000 }, async () => {
    // 1. Killed with the batch written but the transaction not committed: nothing persists,
    //    no offset moves.
    await produce(phase('a', 100, 1, 6));
    const beforeCommit = new FlusherProcess(names, flusherArgs, { DEMO_FLUSHER_PAUSE_AT: 'before-pg-commit' });
    await beforeCommit.waitForLine(/paused at before-pg-commit/);
    beforeCommit.kill('SIGKILL');
    expect(await beforeCommit.exited).toBeNull();
    expect((await storedVersions()).size).toBe(0);
    expect(await groupLag(admin, names.group, names.topic)).toBe(produced);

    // 2. Killed between the Postgres commit and the offset commit of its second batch: those
    //    records are in Postgres but will be read again.
    await produce(phase('b', 100, 7, 6));
    const afterCommit = new FlusherProcess(names, flusherArgs, {
      DEMO_FLUSHER_PAUSE_AT: 'after-pg-commit',
      DEMO_FLUSHER_PAUSE_AT_COUNT: '2',
    });
    await afterCommit.waitForLine(/paused at after-pg-commit/, 45_000);
    afterCommit.kill('SIGKILL');
    await afterCommit.exited;
    const persistedBeforeRestart = (await storedVersions()).size;
    const lagBeforeRestart = await groupLag(admin, names.group, names.topic);
    expect(persistedBeforeRestart).toBeGreaterThan(0);
    expect(lagBeforeRestart).toBeGreaterThan(0);

    // 3. A clean flusher catches up with everything, then stops on SIGTERM with exit 0.
    await produce(phase('c', 50, 13, 4));
    const survivor = new FlusherProcess(names, flusherArgs);
    await survivor.waitForLine(/ready/, 45_000);
    await waitFor(async () => (await groupLag(admin, names.group, names.topic)) === 0, 45_000, 'lag 0');
    survivor.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);

    const stored = await storedVersions();
    expect(stored.size).toBe(lastVersion.size);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(lastVersion));
  });
});
