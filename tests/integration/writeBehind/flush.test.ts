import { describe, expect, test } from 'vitest';
import { FlushResultSchema, type FlushAckEvent } from '../../../shared/contracts/writeBehind';
import { encodeEnvelope } from '../../../demo/envelope';
import type { Flusher } from '../../../demo/flusher/flusher';
import { expectNoLeaks } from '../support/leaks';
import { FlusherProcess, groupLag, startTestFlusher, usePipeline, waitFor } from '../demo/support';
import { cli, conventionsOf, jobEnd, startCore, throwawayGroups } from './support';

const { names, admin, producer } = usePipeline('wbflush');
const conventions = conventionsOf(names);

async function produce(count: number, from = 0): Promise<void> {
  const messages = Array.from({ length: count }, (_, i) => {
    const id = String(from + i);
    return {
      key: `product:${id}`,
      value: encodeEnvelope({ op: 'upsert', entity: 'product', id, version: 1, data: { name: `n${id}`, price_cents: 1 }, producedAt: Date.now() }),
    };
  });
  await producer.send({ topic: names.topic, acks: -1, messages });
}

describe('writeBehind.flush', () => {
  test('with flushers running, each acks and the queued writes drain', async () => {
    // Batches that would wait a minute: only the flush command writes them now.
    const slow = { maxBatchSize: 10_000, lingerMs: 60_000 };
    const flushers: Flusher[] = [await startTestFlusher(names, slow), await startTestFlusher(names, slow)];
    const { core, events, dispose } = await startCore(conventions);
    try {
      await produce(60);
      await waitFor(() => flushers.reduce((n, f) => n + f.stats.received, 0) === 60, 20_000, 'the flushers to hold the records');
      await waitFor(async () => (await core.invoke('writeBehind.lag', { fresh: true })).groups[0]?.members.length === 2, 20_000, 'two members');

      const started = await core.invoke('writeBehind.flush', {});
      expect(started).toMatchObject({ kind: 'writeBehind.flush', state: 'running' });
      // A second request while it runs joins it.
      expect((await core.invoke('writeBehind.flush', {})).id).toBe(started.id);
      const job = await jobEnd(core, started.id);
      expect(job.state).toBe('succeeded');
      const result = FlushResultSchema.parse(job.result);
      expect(result).toMatchObject({ expectedAcks: 2, lagAtStart: 60, lagLeft: 0, waitedForDrain: true });
      expect(result.drainedMs).not.toBeNull();
      expect(new Set(result.acks.map((a) => a.worker))).toEqual(new Set(flushers.map((f) => f.workerId)));
      expect(result.acks.reduce((n, a) => n + a.flushed, 0)).toBe(60);
      expect(job.message).toMatch(/^(drained in [\d.]+ m?s|ack from .*)$/);
      expect(job).toMatchObject({ done: 60, total: 60 });
      expect(await groupLag(admin, names.group, names.topic)).toBe(0);

      // Each ack was pushed as it arrived, under an id of its own.
      const acks = events.filter((e) => e.name === 'writeBehind.flushAck').map((e) => e.payload as FlushAckEvent);
      expect(acks.map((a) => a.worker).sort()).toEqual(result.acks.map((a) => a.worker).sort());
      expect(acks.every((a) => a.jobId === started.id && a.requestId === result.requestId)).toBe(true);

      // Without waiting for the drain, it ends once every flusher acknowledged.
      const acksOnly = await jobEnd(core, (await core.invoke('writeBehind.flush', { waitForDrain: false })).id);
      expect(acksOnly.state).toBe('succeeded');
      expect(FlushResultSchema.parse(acksOnly.result)).toMatchObject({ waitedForDrain: false, drainedMs: null, expectedAcks: 2 });
      expect(FlushResultSchema.parse(acksOnly.result).acks).toHaveLength(2);
    } finally {
      await dispose();
      for (const flusher of flushers) await flusher.stop();
    }
    expect(await throwawayGroups(admin)).toEqual([]);
  });

  test('with no flusher running it times out and says why, leaving nothing open', async () => {
    await expectNoLeaks(async () => {
      const { core, dispose } = await startCore(conventions);
      try {
        const started = await core.invoke('writeBehind.flush', { ackTimeoutMs: 2_000 });
        const job = await jobEnd(core, started.id);
        expect(job.state).toBe('failed');
        expect(job.error).toMatchObject({
          code: 'TIMEOUT',
          message: `no flusher acknowledged within 2 s (${names.group} has no members: is a flusher running?)`,
        });
        expect(FlushResultSchema.parse(job.error!.details)).toMatchObject({ acks: [], expectedAcks: 0 });
      } finally {
        await dispose();
      }
    });
    expect(await throwawayGroups(admin)).toEqual([]);
  });

  test('cancelling stops the waiting at once and says what was done', async () => {
    const { core, dispose } = await startCore(conventions);
    try {
      const started = await core.invoke('writeBehind.flush', { ackTimeoutMs: 60_000 });
      // The first progress report comes once the command is out.
      await waitFor(async () => (await core.invoke('job.get', { id: started.id })).message !== null, 20_000, 'the command to go out');
      const cancelled = await core.invoke('job.cancel', { id: started.id });
      expect(cancelled.state).toBe('cancelled');
      expect(FlushResultSchema.parse(cancelled.result)).toMatchObject({ acks: [], drainedMs: expect.any(Number) });
    } finally {
      await dispose();
    }
    expect(await throwawayGroups(admin)).toEqual([]);
  });
});

describe('flush on the command line', () => {
  test('flush --wait --json prints the acks and drainedMs', async () => {
    const flusher = new FlusherProcess(names, ['--linger-ms', '60000', '--batch-size', '10000']);
    try {
      await flusher.waitForLine(/joined .* partitions \[0, 1, 2\]/);
      await produce(25, 100);
      await waitFor(async () => (await groupLag(admin, names.group, names.topic)) === 25, 20_000, '25 records waiting');
      const { code, stdout } = await cli(['flush', '--wait', '--json'], conventions);
      expect(code).toBe(0);
      const result = FlushResultSchema.parse(JSON.parse(stdout));
      expect(result.acks).toHaveLength(1);
      expect(result.acks[0]!.flushed).toBe(25);
      expect(result).toMatchObject({ lagAtStart: 25, lagLeft: 0 });
      expect(result.drainedMs).toBeGreaterThanOrEqual(0);
    } finally {
      flusher.kill('SIGTERM');
      await flusher.exited;
    }
  });

  test('flush --wait with no flusher exits 1 with a clear message', async () => {
    const { code, stdout, stderr } = await cli(['flush', '--wait', '--json', '--timeout', '2'], conventions);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'TIMEOUT' }, acks: [], drainedMs: expect.any(Number) });
    expect(stderr).toContain('no flusher acknowledged within 2 s');
  });
});
