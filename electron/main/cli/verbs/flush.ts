import { FlushResultSchema, type FlushAckEvent, type FlushResult } from '../../../../shared/contracts/writeBehind';
import { formatDurationMs } from '../../../../shared/formatLag';
import type { Core } from '../../core/core';
import { exitCodes, type CliResult } from '../cliResult';
import { parseSeconds, type VerbOptions } from '../verbOptions';
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

/**
 * `flush`: publishes a flush command and waits for the flushers' acks; with --wait, also
 * until every record queued at that moment is persisted. Exit 0 when done, 1 on a timeout
 * (no ack, or the lag did not drain), 3 on an error.
 */
export async function flushVerb(core: Core, json: boolean, options: VerbOptions): Promise<CliResult> {
  const timeoutSeconds = parseSeconds('--timeout', options.timeout, 60, 1);
  if (typeof timeoutSeconds !== 'number') return timeoutSeconds;
  const timeoutMs = Math.round(timeoutSeconds * 1000);
  // Acks as they arrive, for a person watching; stdout stays the final answer.
  const watching = !json && process.stderr.isTTY;
  const live = watching
    ? core.onEvent((event) => {
        if (event.name === 'writeBehind.flushAck') process.stderr.write(`${ackLine(event.payload as FlushAckEvent)}\n`);
      })
    : undefined;
  try {
    const started = await core.invoke('writeBehind.flush', {
      waitForDrain: options.wait ?? false,
      drainTimeoutMs: timeoutMs,
      ackTimeoutMs: Math.min(ackTimeoutMs, timeoutMs),
    });
    const job = await waitForJob(core, started.id);
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
}
