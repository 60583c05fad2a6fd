import { FlushResultSchema, type FlushAckEvent, type FlushResult } from '../../../../shared/contracts/writeBehind';
import { formatDurationMs } from '../../../../shared/formatLag';
import { terminalText } from '../../core/analysis/terminalText';
import { exitCodes } from '../cliResult';
import { defineVerb, jsonOption, profileOption } from '../verb';
import { parseSeconds } from '../verbOptions';
import { waitForJob } from '../waitForJob';

/** Acks are awaited this long at most (less when --timeout is shorter). */
const ackTimeoutMs = 10_000;

function ackLine(ack: { worker: string; flushed: number; afterMs: number }): string {
  return `ack from ${ack.worker}: ${ack.flushed} records flushed (after ${Math.round(ack.afterMs)} ms)`;
}

function summary(result: FlushResult): string {
  const lines = [`flush ${result.requestId} by ${result.requestedBy}: ${result.acks.length} of ${result.expectedAcks} flushers acknowledged`];
  lines.push(...result.acks.map(ackLine));
  if (result.drainedMs !== null) lines.push(`drained in ${formatDurationMs(result.drainedMs)} (${result.lagAtStart} records were queued)`);
  return lines.join('\n');
}

/** `flush`: publishes a flush command and waits for the flushers' acks; with --wait, also for the drain. */
export const flushVerb = defineVerb({
  name: 'flush',
  summary: "publish a flush command and print the flushers' acks",
  description:
    'Each flusher flushes its in-memory batch at once and acknowledges. With --wait, also waits\n' +
    'until every write queued at that moment is persisted (drainedMs).',
  options: {
    wait: { type: 'boolean', description: 'wait until the queued writes are persisted' },
    timeout: { type: 'string', value: 'S', description: 'give up after S seconds (60; acks are awaited 10 s at most)' },
    ...jsonOption,
    ...profileOption,
  },
  exits: { 0: 'flushed (and drained with --wait)', 1: 'no ack, or the queue did not drain, in time', 3: 'the flush could not be sent' },
  async run({ core, values }) {
    const json = values.json ?? false;
    const timeoutSeconds = parseSeconds('--timeout', values.timeout, 60, 1);
    if (typeof timeoutSeconds !== 'number') return timeoutSeconds;
    const timeoutMs = Math.round(timeoutSeconds * 1000);
    const session = await core();
    // Acks as they arrive, for a person watching; stdout stays the final answer.
    const watching = !json && process.stderr.isTTY;
    const live = watching
      ? session.onEvent((event) => {
          if (event.name === 'writeBehind.flushAck') process.stderr.write(`${terminalText(ackLine(event.payload as FlushAckEvent))}\n`);
        })
      : undefined;
    try {
      const started = await session.invoke('writeBehind.flush', {
        waitForDrain: values.wait ?? false,
        drainTimeoutMs: timeoutMs,
        ackTimeoutMs: Math.min(ackTimeoutMs, timeoutMs),
      });
      const job = await waitForJob(session, started.id);
      if (job.state === 'succeeded') {
        const result = FlushResultSchema.parse(job.result);
        return { output: json ? JSON.stringify(result) : summary(result), exitCode: exitCodes.ok };
      }
      const error = job.error ?? { code: 'INTERNAL' as const, message: `the flush ended ${job.state}` };
      const partial = FlushResultSchema.safeParse(error.details);
      const { details: _details, ...brief } = error;
      if (error.code !== 'TIMEOUT' || !partial.success) {
        return { output: json ? JSON.stringify({ error: brief }) : '', exitCode: exitCodes.error, reason: error.message };
      }
      const output = json ? JSON.stringify({ error: brief, ...partial.data }) : summary(partial.data);
      return { output, exitCode: exitCodes.unhealthy, reason: error.message };
    } finally {
      await live?.dispose();
    }
  },
});
