import { CompareSampleInputSchema, CompareSampleResultSchema, compareVerdicts } from '../../../../shared/contracts/investigate';
import { AppError } from '../../../../shared/errors';
import type { Core } from '../../core/core';
import { exitCodes, usageError, type CliResult } from '../cliResult';
import type { Style } from '../style';
import { comparisonJson, comparisonText, sampleText } from '../compareOutput';
import { progressLine } from '../keysAnalysisOutput';
import { keyHex } from '../keyArgument';
import { defineVerb, jsonOption, profileOption } from '../verb';
import { parseWholeNumber } from '../verbOptions';
import { runJobFromCli } from '../waitForJob';

/**
 * `keys compare <key> [--hex]`: the cached value beside its Postgres row, with a verdict, the
 * key's pending writes and dead letters. `keys compare --namespace NS --sample N`: the verdicts
 * of a random sample of the namespace's keys.
 */
export const keysCompareVerb = defineVerb({
  name: 'keys compare',
  summary: 'cache vs Postgres for a key (verdict, fields, pending writes, dead letters), or for a sample of a namespace',
  description:
    'With <key>: the cached value beside its row through the profile\'s namespace mapping, the verdict\n' +
    '(fresh, stale, ahead, missing-in-db, missing-in-cache, negative-cached, unmapped), the key\'s\n' +
    'writes still queued for the flusher and its dead letters. With --namespace: compares a random\n' +
    'SCAN sample of that namespace\'s keys and counts them per verdict (Ctrl-C cancels).',
  arguments: [{ name: 'key', description: "the key's name, or with --hex its bytes in hex (not with --namespace)", optional: true }],
  options: {
    hex: { type: 'boolean', description: "<key> is the key's bytes in hex" },
    namespace: { type: 'string', value: 'NS', description: 'sample this namespace of the profile\'s mappings instead (e.g. product)' },
    sample: { type: 'string', value: 'N', description: 'keys to sample with --namespace (100)' },
    ...jsonOption,
    ...profileOption,
  },
  exits: {
    0: 'compared; the verdict is no problem (or the sample ran to the end)',
    1: 'the verdict is a problem (stale, missing in Postgres, ahead past the SLA…), or the sample was cancelled',
  },
  async run(context) {
    const { values, positionals } = context;
    if (values.namespace !== undefined) {
      if (positionals.length > 0) return usageError('give either a <key> or --namespace, not both');
      return runSample(() => context.core(), values.namespace, values.sample, values.json ?? false, context.style);
    }
    if (positionals.length === 0) return usageError('give a <key>, or --namespace NS to sample a namespace');
    if (values.sample !== undefined) return usageError('--sample goes with --namespace');
    const hex = keyHex(positionals[0]!, values.hex ?? false);
    if (typeof hex !== 'string') return hex;
    const comparison = await (await context.core()).invoke('keys.compare', { hex });
    const exitCode = comparison.problem ? exitCodes.unhealthy : exitCodes.ok;
    return {
      output: values.json ? JSON.stringify(comparisonJson(comparison)) : comparisonText(comparison, context.style),
      exitCode,
      ...(comparison.problem ? { reason: comparison.headline } : {}),
    };
  },
});

async function runSample(openCore: () => Promise<Core>, namespace: string, rawSample: string | undefined, json: boolean, style: Style): Promise<CliResult> {
  const sample = parseWholeNumber('--sample', rawSample);
  if (typeof sample === 'object') return sample;
  const input = CompareSampleInputSchema.safeParse({ namespace, ...(sample !== undefined ? { sample } : {}) });
  if (!input.success) {
    const issue = input.error.issues[0]!;
    return usageError(`--${issue.path.join('.')}: ${issue.message}`);
  }
  const core = await openCore();
  const job = await runJobFromCli(core, () => core.invoke('keys.compareSample', input.data), progressLine);
  const result = CompareSampleResultSchema.safeParse(job.result);
  if (!result.success) {
    const error = job.error ?? { code: 'INTERNAL' as const, message: `the sample ended ${job.state}` };
    if (json) return { output: JSON.stringify({ error }), exitCode: exitCodes.error, reason: error.message };
    throw new AppError(error.code, error.message);
  }
  const r = result.data;
  const output = json
    ? JSON.stringify({
        namespace: r.namespace,
        keyPattern: r.keyPattern,
        requested: r.requested,
        compared: r.compared,
        counts: r.counts,
        shares: Object.fromEntries(compareVerdicts.map((v) => [v, r.compared > 0 ? r.counts[v] / r.compared : 0])),
        examples: Object.fromEntries(compareVerdicts.map((v) => [v, r.examples[v].map((k) => k.display)])),
        pendingComplete: r.pendingComplete,
        complete: r.complete,
        cancelled: r.cancelled,
      })
    : sampleText(r, style);
  return r.cancelled ? { output, exitCode: exitCodes.unhealthy, reason: 'cancelled: the counts cover the keys compared until then' } : { output, exitCode: exitCodes.ok };
}
