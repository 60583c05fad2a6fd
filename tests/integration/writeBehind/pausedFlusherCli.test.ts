import { expect, test } from 'vitest';
import { encodeEnvelope } from '../../../demo/envelope';
import { FlusherProcess, groupLag, usePipeline, waitFor } from '../demo/support';
import { cli, conventionsOf } from './support';

const { names, producer, admin } = usePipeline('wbpaused');

/** Produces one change every 100 ms until stopped. */
function startWriter(): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    for (let version = 1; running; version++) {
      const id = String(version % 20);
      const value = encodeEnvelope({ op: 'upsert', entity: 'product', id, version, data: { name: `p${id}`, price_cents: version }, producedAt: Date.now() });
      await producer.send({ topic: names.topic, acks: -1, messages: [{ key: `product:${id}`, value }] });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

interface CliGroup {
  status: string;
  statusReason: string;
  persistRate: number | null;
  verdicts: { headline: { text: string; judged: boolean; tone: string }; drain: { kind: string } };
}

test('lag --json on a paused flusher never says it keeps up or that its records are being persisted', async () => {
  // A session timeout far longer than the test: the stopped flusher stays a member, as a hung one does.
  const flusher = new FlusherProcess(names, ['--session-timeout-ms', '60000']);
  const stopWriter = startWriter();
  try {
    await flusher.waitForLine(/joined .* partitions \[0, 1, 2\]/);
    await waitFor(async () => (await groupLag(admin, names.group, names.topic)) < 20, 30_000, 'the flusher keeping up');
    flusher.kill('SIGSTOP');
    // Paused: its committed offsets stop while the writer goes on.
    const pausedAt = await groupLag(admin, names.group, names.topic);
    await waitFor(async () => (await groupLag(admin, names.group, names.topic)) > pausedAt + 20, 30_000, 'the lag to grow');

    for (const args of [['lag', '--json'], ['lag', '--json', '--window', '0']]) {
      const { code, stdout, stderr } = await cli(args, conventionsOf(names));
      const group = JSON.parse(stdout).groups[0] as CliGroup;
      const what = `${args.join(' ')}: ${JSON.stringify(group)}`;
      expect(code, what).toBe(1);
      expect(group.statusReason, what).not.toContain('being persisted');
      expect(group.verdicts.headline.text, what).not.toBe('Keeping up');
      expect(group.verdicts.headline.judged && group.verdicts.headline.tone === 'ok', what).toBe(false);
      expect(group.persistRate === null || group.persistRate === 0, what).toBe(true);
      expect(stderr, what).toContain(`${names.group}: ${group.verdicts.headline.text}`);
    }
  } finally {
    flusher.kill('SIGCONT');
    await stopWriter();
    flusher.kill('SIGTERM');
    await flusher.exited;
  }
});
