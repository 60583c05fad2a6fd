import type { JobSnapshot } from '../../../../shared/contracts/jobs';
import { KeysAnalysisSchema, KeysAnalyzeInputSchema, keysAnalyzeJobKind } from '../../../../shared/contracts/keysAnalysis';
import type { Core } from '../../core/core';
import { exitCodes, type CliResult } from '../cliResult';
import { keysAnalysisText, progressLine } from '../keysAnalysisOutput';
import type { VerbOptions } from '../verbOptions';
import { waitForJob } from '../waitForJob';

function wholeNumber(flag: string, raw: string | undefined): number | undefined | CliResult {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) return { output: '', exitCode: exitCodes.usage, reason: `${flag} needs a whole number, got "${raw}"` };
  return value;
}

const isUsageError = (value: unknown): value is CliResult => typeof value === 'object' && value !== null;

/**
 * `keys analyze`: every key's type, TTL and memory, folded into namespaces, TTL buckets, types,
 * the biggest keys and those about to expire. A progress line on stderr when it is a terminal;
 * Ctrl-C cancels and prints what was scanned (exit 1).
 */
export async function keysAnalyzeVerb(core: Core, json: boolean, options: VerbOptions): Promise<CliResult> {
  const [extra] = options.args ?? [];
  if (extra !== undefined) return { output: '', exitCode: exitCodes.usage, reason: `unexpected argument "${extra}"` };
  const numbers = {
    db: wholeNumber('--db', typeof options.db === 'string' ? options.db : undefined),
    depth: wholeNumber('--depth', options.depth),
    samples: wholeNumber('--samples', options.samples),
    top: wholeNumber('--top', options.top),
  };
  for (const value of Object.values(numbers)) if (isUsageError(value)) return value;
  const input = KeysAnalyzeInputSchema.safeParse({
    ...(options.match !== undefined ? { match: options.match } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== undefined)),
  });
  if (!input.success) {
    const issue = input.error.issues[0]!;
    return { output: '', exitCode: exitCodes.usage, reason: `--${issue.path.join('.')}: ${issue.message}` };
  }

  const terminal = process.stderr.isTTY;
  let jobId = '';
  const live = terminal
    ? core.onEvent((event) => {
        const job = event.payload as JobSnapshot;
        if (event.name === 'job.progress' && job.kind === keysAnalyzeJobKind && job.id === jobId && job.state === 'running') {
          process.stderr.write(`\r\x1b[2K${progressLine(job)}`);
        }
      })
    : undefined;
  const cancel = () => void core.invoke('job.cancel', { id: jobId }).catch(() => undefined);
  process.once('SIGINT', cancel);
  try {
    jobId = (await core.invoke('keys.analyze', input.data)).id;
    const job = await waitForJob(core, jobId);
    if (terminal) process.stderr.write('\r\x1b[2K');
    const analysis = KeysAnalysisSchema.safeParse(job.result);
    if (!analysis.success) {
      const error = job.error ?? { code: 'INTERNAL' as const, message: `the analysis ended ${job.state}` };
      return { output: json ? JSON.stringify({ error }) : '', exitCode: exitCodes.error, reason: error.message };
    }
    const output = json ? JSON.stringify(analysis.data) : keysAnalysisText(analysis.data);
    return analysis.data.complete
      ? { output, exitCode: exitCodes.ok }
      : { output, exitCode: exitCodes.unhealthy, reason: 'cancelled: the figures cover the keys scanned until then' };
  } finally {
    process.off('SIGINT', cancel);
    await live?.dispose();
  }
}
