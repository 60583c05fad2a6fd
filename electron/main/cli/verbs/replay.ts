import { ReplayPreviewSchema, ReplayResultSchema, type ReplayPreview, type ReplayResult, type ReplayTarget } from '../../../../shared/contracts/replay';
import type { JobSnapshot } from '../../../../shared/contracts/jobs';
import { formatCount } from '../../../../shared/formatUnits';
import { keyNameFromHex, keyNameToHex, keyNameFromText } from '../../../../shared/keyName';
import type { Core } from '../../core/core';
import { exitCodes, usageError, type CliResult } from '../cliResult';
import { deadLetterFilterOption, parseDeadLetterFilter, parseOffsetRanges } from '../deadLetterFilterOption';
import { defineVerb, jsonOption, profileOption, type OptionValues } from '../verb';
import { parseWholeNumber } from '../verbOptions';
import { waitForJob } from '../waitForJob';

const targetOptions = {
  ...deadLetterFilterOption,
  key: { type: 'string', value: 'K', description: 'only records whose key is K' },
  hex: { type: 'boolean', description: '--key is given as bytes in hex' },
  offsets: { type: 'string', multiple: true, value: 'P:O-O', description: 'only these DLQ records: partition P, offsets O to O (repeatable)' },
  'dry-run': { type: 'boolean', description: 'print what would happen; change nothing' },
  yes: { type: 'boolean', description: 'confirm: do it (without it the verb refuses)' },
} as const;

const exits = {
  0: 'dry run printed, or every matched record handled',
  2: 'neither --dry-run nor --yes, or a bad option',
  3: 'the DLQ could not be read or written, or some records failed (they stay pending)',
  4: 'refused: the profile is read-only',
} as const;

/** The target from --offsets, --filter and --key: named offsets (narrowed by the filter), the filter's matches, or everything pending. */
function targetOf(options: OptionValues<typeof targetOptions>): ReplayTarget | CliResult {
  const parsed = parseDeadLetterFilter(options.filter);
  if (parsed !== undefined && 'exitCode' in parsed) return parsed;
  let filter = parsed;
  if (options.key !== undefined) {
    if (filter?.keyHex !== undefined) return usageError('--key and --filter key=… name the key twice');
    let keyHex: string;
    try {
      keyHex = keyNameToHex(options.hex ? keyNameFromHex(options.key) : keyNameFromText(options.key));
    } catch (err) {
      return usageError(`--key: ${(err as Error).message}`);
    }
    filter = { ...filter, keyHex };
  }
  if (options.offsets !== undefined && options.offsets.length > 0) {
    const ranges = parseOffsetRanges(options.offsets);
    if ('exitCode' in ranges) return ranges;
    return { by: 'offsets', ranges, ...(filter ? { filter } : {}) };
  }
  return filter ? { by: 'filter', filter } : { by: 'pending' };
}

/** The job's result, or its failure with exit 3 (4 when read-only) and, with --json, the partial counts. */
function ended(job: JobSnapshot, json: boolean): { result: unknown } | CliResult {
  if (job.state === 'succeeded') return { result: job.result };
  const error = job.error ?? { code: 'INTERNAL' as const, message: `the job ended ${job.state}` };
  const { details, ...brief } = error;
  const partial = ReplayResultSchema.safeParse(details ?? job.result);
  const output = json ? JSON.stringify({ error: brief, ...(partial.success ? countsOf(partial.data) : {}) }) : '';
  return { output, exitCode: error.code === 'READ_ONLY' ? exitCodes.readOnly : exitCodes.error, reason: error.message };
}

function countsOf(result: ReplayResult) {
  return { replayed: result.replayed, superseded: result.superseded, parked: result.parked, failed: result.failed, durationMs: result.durationMs };
}

async function profileName(core: Core): Promise<string> {
  const list = await core.invoke('profiles.list');
  return list.profiles.find((p) => p.id === list.activeId)!.name;
}

function previewText(preview: ReplayPreview, action: 'replay' | 'park'): string {
  const lines = [`${formatCount(preview.matched)} pending records match; ${formatCount(preview.wouldReplay)} would be ${action === 'replay' ? 'replayed' : 'parked'} (nothing was done)`];
  for (const [topic, n] of Object.entries(preview.byTopic)) lines.push(`  ${formatCount(n)} to ${topic}`);
  if (preview.superseded > 0) {
    lines.push(`${formatCount(preview.superseded)} superseded (Postgres holds that version or newer): skipped`);
    for (const r of preview.supersededRecords.slice(0, 20)) lines.push(`  ${r.partition}:${r.offset} ${r.key.display} v${r.version} ≤ row v${r.rowVersion} (${r.table})`);
  }
  if (preview.alreadyHandled > 0) lines.push(`${formatCount(preview.alreadyHandled)} already replayed or parked by an earlier selection: skipped`);
  return lines.join('\n');
}

function resultText(result: ReplayResult): string {
  const moved = result.parked > 0 ? `${formatCount(result.parked)} parked` : `${formatCount(result.replayed)} replayed`;
  const lines = [`${moved}, ${formatCount(result.superseded)} superseded, ${formatCount(result.alreadyHandled)} already handled, ${formatCount(result.failed)} failed of ${formatCount(result.matched)} matched in ${result.durationMs} ms`];
  for (const f of result.failures.slice(0, 20)) lines.push(`  failed ${f.partition}:${f.offset}: ${f.error}`);
  return lines.join('\n');
}

/** The shared life of `replay` and `park`: a dry run, or with --yes the job, its counts and exit code. */
async function runDeadLetterVerb(action: 'replay' | 'park', openCore: () => Promise<Core>, options: OptionValues<typeof targetOptions> & { json?: boolean; rate?: string; reason?: string }): Promise<CliResult> {
  const json = options.json ?? false;
  const target = targetOf(options);
  if ('exitCode' in target) return target;
  const rate = parseWholeNumber('--rate', options.rate);
  if (typeof rate === 'object') return rate;
  if (rate === 0) return usageError('--rate needs at least 1 record per second');
  if (action === 'park' && !options['dry-run'] && (options.reason === undefined || options.reason.trim() === '')) return usageError('park needs --reason R: it is written on every parked record');
  if (!options['dry-run'] && !options.yes) return usageError(`${action} changes the pipeline: add --yes to ${action}, or --dry-run to see what would happen`);
  const core = await openCore();
  if (options['dry-run']) {
    const job = ended(await waitForJob(core, (await core.invoke('deadLetters.previewReplay', { target, action })).id), json);
    if ('exitCode' in job) return job;
    const preview = ReplayPreviewSchema.parse(job.result);
    if (!json) return { output: previewText(preview, action), exitCode: exitCodes.ok };
    const output =
      action === 'replay'
        ? { matched: preview.matched, wouldReplay: preview.wouldReplay, superseded: preview.superseded, byTopic: preview.byTopic }
        : { matched: preview.matched, wouldPark: preview.wouldReplay, byTopic: preview.byTopic };
    return { output: JSON.stringify(output), exitCode: exitCodes.ok };
  }
  const confirm = await profileName(core);
  const started =
    action === 'replay'
      ? await core.invoke('deadLetters.replay', { target, confirm, ...(rate !== undefined ? { ratePerSec: rate } : {}) })
      : await core.invoke('deadLetters.park', { target, confirm, reason: options.reason! });
  const job = ended(await waitForJob(core, started.id), json);
  if ('exitCode' in job) return job;
  const result = ReplayResultSchema.parse(job.result);
  const output = json ? JSON.stringify(countsOf(result)) : resultText(result);
  if (result.failed > 0) return { output, exitCode: exitCodes.error, reason: `${formatCount(result.failed)} records could not be ${action === 'replay' ? 'replayed' : 'parked'}; they stay pending` };
  return { output, exitCode: exitCodes.ok };
}

/** `replay [--filter …] [--key K [--hex]] [--offsets P:O-O] [--rate N] (--dry-run | --yes) [--json]`. */
export const replayVerb = defineVerb({
  name: 'replay',
  summary: 'replay failed writes from the DLQ to their original topics; --dry-run previews, --yes replays',
  description:
    'Produces pending dead letters (past the replay cursor) back to their original topic with their\n' +
    'key, value and headers plus x-replay-of, skipping records Postgres already holds a newer version\n' +
    'of (superseded). The cursor only moves past records that were acknowledged or skipped, so a crash\n' +
    'loses nothing and a second replay replays nothing. --dry-run changes nothing.',
  options: { ...targetOptions, rate: { type: 'string', value: 'N', description: 'produce at most N records per second' }, ...jsonOption, ...profileOption },
  exits,
  run: ({ core, values }) => runDeadLetterVerb('replay', core, values),
});

/** `park [--filter …] [--key K] [--offsets P:O-O] --reason R (--dry-run | --yes) [--json]`. */
export const parkVerb = defineVerb({
  name: 'park',
  summary: 'move dead letters that should not be replayed to <dlq>.parked with a reason (--yes)',
  description:
    'Moves pending dead letters to the parking topic (<dlq>.parked) with every header plus\n' +
    'x-parked-reason, x-parked-at and x-parked-from, and moves the replay cursor past them.',
  options: { ...targetOptions, reason: { type: 'string', value: 'R', description: 'why: written on each parked record and in the audit log' }, ...jsonOption, ...profileOption },
  exits,
  run: ({ core, values }) => runDeadLetterVerb('park', core, values),
});
