import { flushConfirmation, invalidateConfirmation } from '../../../../shared/confirmation';
import { InvalidatePreviewSchema, InvalidateResultSchema, type InvalidateResult, type InvalidateTarget } from '../../../../shared/contracts/controls';
import type { JobSnapshot } from '../../../../shared/contracts/jobs';
import { formatBytes, formatCount } from '../../../../shared/formatUnits';
import { keyNameFromHex, keyNameFromText, keyNameToHex } from '../../../../shared/keyName';
import type { Core } from '../../core/core';
import { exitCodes, usageError as usage, type CliResult } from '../cliResult';
import { defineVerb, jsonOption, profileOption, type OptionValues } from '../verb';
import { waitForJob } from '../waitForJob';

const reportOption = {
  report: { type: 'string', value: 'FILE', description: 'write each deleted key to FILE' },
} as const;

const invalidateOptions = {
  pattern: { type: 'string', value: 'P', description: 'keys matching the Redis glob P (SCAN MATCH semantics)' },
  key: { type: 'string', multiple: true, value: 'K', description: 'this key (repeatable)' },
  hex: { type: 'boolean', description: 'keys and patterns are given as bytes in hex' },
  'dry-run': { type: 'boolean', description: 'print matched, memory, a sample and pending writes; delete nothing' },
  yes: { type: 'boolean', description: 'confirm: delete (without it the verb refuses)' },
  ...reportOption,
  ...jsonOption,
  ...profileOption,
} as const;

const refusals = { 2: 'neither --dry-run nor --yes, or a bad target', 3: 'the keys could not be read or deleted', 4: 'refused: the profile is read-only' } as const;

/** The target from --pattern or --key (repeatable), as typed or, with --hex, as hex bytes. */
function targetOf(options: OptionValues<typeof invalidateOptions>): InvalidateTarget | CliResult {
  const keys = options.key ?? [];
  if ((options.pattern === undefined) === (keys.length === 0)) return usage('invalidate needs --pattern P or one or more --key K (not both)');
  if (options.pattern !== undefined) return { by: 'pattern', pattern: options.pattern, hex: options.hex ?? false };
  try {
    return { by: 'keys', keys: keys.map((k) => keyNameToHex(options.hex ? keyNameFromHex(k) : keyNameFromText(k))) };
  } catch (err) {
    return usage((err as Error).message);
  }
}

async function activeProfile(core: Core) {
  const list = await core.invoke('profiles.list');
  return list.profiles.find((p) => p.id === list.activeId)!;
}

/** A job's result, or its failure as output with exit 3 (the partial counts with --json when the job had some). */
function ended(job: JobSnapshot, json: boolean): { result: unknown } | CliResult {
  if (job.state === 'succeeded') return { result: job.result };
  const error = job.error ?? { code: 'INTERNAL' as const, message: `the job ended ${job.state}` };
  const { details, ...brief } = error;
  const partial = InvalidateResultSchema.safeParse(details ?? job.result);
  const output = json ? JSON.stringify({ error: brief, ...(partial.success ? partial.data : {}) }) : '';
  const exitCode = error.code === 'READ_ONLY' ? exitCodes.readOnly : exitCodes.error;
  return { output, exitCode, reason: error.message };
}

function resultOutput(result: InvalidateResult, json: boolean): string {
  if (json) return JSON.stringify({ matched: result.matched, deleted: result.deleted, alreadyGone: result.alreadyGone, durationMs: result.durationMs, ...(result.unconfirmed ? { unconfirmed: result.unconfirmed } : {}), ...(result.reportFile ? { reportFile: result.reportFile } : {}) });
  return `${formatCount(result.deleted)} deleted, ${formatCount(result.alreadyGone)} already gone, of ${formatCount(result.matched)} matched in ${result.durationMs} ms`;
}

/**
 * `invalidate --pattern P | --key K… [--hex] (--dry-run | --yes) [--report FILE]`: a dry run
 * prints what would go and deletes nothing; `--yes` deletes (it is the typed confirmation);
 * without either it refuses with exit 2. A read-only profile exits 4.
 */
export const invalidateVerb = defineVerb({
  name: 'invalidate',
  summary: 'delete keys by glob or by name on every master; --dry-run previews, --yes deletes',
  description:
    'Deletes keys matching --pattern (SCAN MATCH semantics) or named by --key on every master.\n' +
    '--dry-run prints how many match, their memory, a sample and the write-behind records for\n' +
    'them not persisted yet, and deletes nothing; --yes deletes. A read-only profile refuses.',
  options: invalidateOptions,
  exits: { 0: 'previewed, or deleted', ...refusals },
  async run({ core: openCore, values: options }) {
    const json = options.json ?? false;
    const target = targetOf(options);
    if ('exitCode' in target) return target;
    const core = await openCore();
    if (options['dry-run']) {
      const job = ended(await waitForJob(core, (await core.invoke('controls.previewInvalidate', { target })).id), json);
      if ('exitCode' in job) return job;
      const preview = InvalidatePreviewSchema.parse(job.result);
      const pendingWrites = preview.pendingWrites.matchingRecords;
      if (json) return { output: JSON.stringify({ matched: preview.matched, memory: preview.memory, sample: preview.sample.map((k) => k.display), pendingWrites }), exitCode: exitCodes.ok };
      const lines = [`${formatCount(preview.matched)} keys match (${formatBytes(preview.memory)}); nothing was deleted`, ...preview.sample.map((k) => `  ${k.display}`)];
      if (pendingWrites > 0) lines.push(`warning: ${formatCount(pendingWrites)} write-behind records for these keys are not persisted yet`);
      return { output: lines.join('\n'), exitCode: exitCodes.ok };
    }
    if (!options.yes) return usage('invalidate deletes keys: add --yes to delete, or --dry-run to preview');
    const profile = await activeProfile(core);
    const pattern = target.by === 'pattern' ? target.pattern : null;
    const confirm = invalidateConfirmation(profile, pattern, Number.MAX_SAFE_INTEGER).text;
    const started = await core.invoke('controls.invalidate', { target, confirm, ...(options.report ? { reportFile: options.report } : {}) });
    const job = ended(await waitForJob(core, started.id), json);
    if ('exitCode' in job) return job;
    return { output: resultOutput(InvalidateResultSchema.parse(job.result), json), exitCode: exitCodes.ok };
  },
});

/** `flush-cache --namespace NS | --db --yes`: deletes a namespace (`<ns>:*`) or FLUSHDB ASYNC on every master. */
export const flushCacheVerb = defineVerb({
  name: 'flush-cache',
  summary: 'delete everything under a namespace, or FLUSHDB ASYNC on every master (--yes)',
  description: '--namespace NS deletes the keys under "NS:" (escaped); --db flushes the whole database.',
  options: {
    namespace: { type: 'string', value: 'NS', description: 'delete the keys under NS:' },
    db: { type: 'boolean', description: 'FLUSHDB ASYNC on every master' },
    yes: { type: 'boolean', description: 'confirm: delete (without it the verb refuses)' },
    ...reportOption,
    ...jsonOption,
    ...profileOption,
  },
  exits: { 0: 'deleted', ...refusals },
  async run({ core: openCore, values: options }) {
    const json = options.json ?? false;
    if ((options.namespace === undefined) === (options.db !== true)) return usage('flush-cache needs --namespace NS or --db');
    if (!options.yes) return usage('flush-cache deletes keys: add --yes to confirm');
    const core = await openCore();
    const confirm = flushConfirmation(await activeProfile(core)).text;
    const started =
      options.namespace !== undefined
        ? await core.invoke('controls.flushCache', { scope: 'namespace', namespace: options.namespace, confirm, ...(options.report ? { reportFile: options.report } : {}) })
        : await core.invoke('controls.flushCache', { scope: 'db', confirm });
    const job = ended(await waitForJob(core, started.id), json);
    if ('exitCode' in job) return job;
    if (options.namespace !== undefined) return { output: resultOutput(InvalidateResultSchema.parse(job.result), json), exitCode: exitCodes.ok };
    const result = job.result as { masters: number; keysBefore: number; durationMs: number };
    return { output: json ? JSON.stringify(result) : `FLUSHDB ASYNC on ${result.masters} masters (${formatCount(result.keysBefore)} keys before)`, exitCode: exitCodes.ok };
  },
});
