import { expect, test } from 'vitest';
import type { LagReport, StatusChange } from '../../../shared/contracts/writeBehind';
import { encodeEnvelope } from '../../../demo/envelope';
import { FlusherProcess, usePipeline } from '../demo/support';
import { conventionsOf, startCore, waitForReport } from './support';

const { names, producer } = usePipeline('wbstatus');

// The status window is shorter than the SLA, so a paused flusher shows STALL first.
const windowMs = 3_000;
const slaMs = 6_000;

/** When each record the test produced was acknowledged by the broker, by "partition/offset". */
const ackedAt = new Map<string, number>();

/** A writer producing one change every 100 ms while the test runs. */
function startWriter(): () => Promise<void> {
  let version = 1;
  let running = true;
  const loop = (async () => {
    while (running) {
      const id = String(version % 50);
      const value = encodeEnvelope({ op: 'upsert', entity: 'product', id, version, data: { name: `p${id}`, price_cents: version }, producedAt: Date.now() });
      const [meta] = await producer.send({ topic: names.topic, acks: -1, messages: [{ key: `product:${id}`, value }] });
      ackedAt.set(`${meta!.partition}/${meta!.baseOffset}`, Date.now());
      version += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** Every lagging partition's time lag is at least the age of its oldest pending record. */
function expectTimeLagsNotBelowTrueAges(report: LagReport): number {
  let checked = 0;
  for (const p of report.groups[0]!.partitions) {
    const acked = ackedAt.get(`${p.partition}/${p.committed ?? p.low}`);
    if (p.lag === 0 || p.timeLagMs === null || acked === undefined) continue;
    expect(p.timeLagMs).toBeGreaterThanOrEqual(report.sampledAt - acked);
    checked += 1;
  }
  return checked;
}

test('a paused flusher goes STALL, then breaches the SLA; resumed, it returns to OK', async () => {
  // A session timeout far longer than the pause: the stopped flusher stays a member, as a hung one does.
  const flusher = new FlusherProcess(names, ['--session-timeout-ms', '60000']);
  const stopWriter = startWriter();
  const { core, events, dispose } = await startCore(
    { ...conventionsOf(names), persistenceSlaMs: slaMs },
    { intervalMs: 250, windowMs },
  );
  try {
    await flusher.waitForLine(/joined .* partitions \[0, 1, 2\]/);
    await core.invoke('writeBehind.lag', {}); // starts the sampler
    await waitForReport(
      core,
      (r) => r.groups[0]?.status === 'OK' && r.groups[0].windowComplete && !r.groups[0].slaBreached && r.groups[0].members.length === 1,
      30_000,
      'a healthy flusher',
    );

    flusher.kill('SIGSTOP');
    const stalled = await waitForReport(core, (r) => r.groups[0]?.status === 'STALL', 30_000, 'STALL');
    expect(stalled.groups[0]!.statusReason).toMatch(/^no progress for \d+ s on [123] of 3 partitions while [\d,]+ records wait; .* has 1 member$/);
    const breached = await waitForReport(core, (r) => r.groups[0]?.slaBreached === true, 30_000, 'an SLA breach');
    expect(breached.groups[0]!.maxTimeLagMs).toBeGreaterThan(slaMs);
    expect(expectTimeLagsNotBelowTrueAges(breached)).toBeGreaterThan(0);

    flusher.kill('SIGCONT');
    const recovered = await waitForReport(core, (r) => r.groups[0]?.status === 'OK' && !r.groups[0].slaBreached, 30_000, 'OK again');
    expect(recovered.groups[0]!.persistRate).toBeGreaterThan(0);

    // Every change is on the record, with its time and reason, in order.
    const { events: changes } = await core.invoke('writeBehind.events', {});
    const path = changes.map((c: StatusChange) => `${c.status}${c.slaBreached ? '+SLA' : ''}`);
    const stall = path.indexOf('STALL');
    const breach = path.indexOf('STALL+SLA');
    expect(stall).toBeGreaterThan(0);
    expect(breach).toBeGreaterThan(stall);
    expect(path.indexOf('OK', breach)).toBeGreaterThan(breach);
    expect(changes[breach]!.reason).toMatch(/^SLA breached: the oldest unpersisted write is [\d.]+ s old \(SLA 6 s\)$/);
    expect(changes.every((c, i) => i === 0 || c.at >= changes[i - 1]!.at)).toBe(true);
    // The same changes went out as events, each with its own id so that none is coalesced away.
    const pushed = events.filter((e) => e.name === 'writeBehind.statusChanged').map((e) => (e.payload as StatusChange).id);
    expect(pushed).toEqual(changes.map((c) => c.id));
  } finally {
    flusher.kill('SIGCONT');
    await stopWriter();
    await dispose();
    flusher.kill('SIGTERM');
    await flusher.exited;
  }
});
