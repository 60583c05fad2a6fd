import { KeysAnalysisSchema, KeysAnalyzeInputSchema } from '../../../../shared/contracts/keysAnalysis';
import { exitCodes, type CliResult } from '../cliResult';
import { keysAnalysisText, progressLine } from '../keysAnalysisOutput';
import { defineVerb, jsonOption, profileOption } from '../verb';
import { parseWholeNumber } from '../verbOptions';
import { runJobFromCli } from '../waitForJob';

const isUsageError = (value: unknown): value is CliResult => typeof value === 'object' && value !== null;

/**
 * `keys analyze`: every key's type, TTL and memory, folded into namespaces, TTL buckets, types,
 * the biggest keys and those about to expire. A progress line on stderr when it is a terminal;
 * Ctrl-C cancels and prints what was scanned (exit 1).
 */
export const keysAnalyzeVerb = defineVerb({
  name: 'keys analyze',
  summary: "every key's type, TTL and memory: namespaces, TTL buckets, types, biggest and expiring keys",
  description:
    'Scans every key (every master of a Cluster). A progress line on stderr when it is a terminal;\n' +
    'Ctrl-C cancels and prints what was scanned.',
  options: {
    match: { type: 'string', value: 'P', description: 'only keys matching the glob P (SCAN MATCH)' },
    db: { type: 'string', value: 'N', description: "database N instead of the profile's" },
    delimiter: { type: 'string', value: 'D', description: 'what splits names into namespaces (":")' },
    depth: { type: 'string', value: 'N', description: 'namespace levels kept (3)' },
    samples: { type: 'string', value: 'N', description: 'MEMORY USAGE samples per collection (5; 0 = all)' },
    top: { type: 'string', value: 'N', description: 'how many biggest and expiring keys are listed (50)' },
    ...jsonOption,
    ...profileOption,
  },
  exits: { 0: 'every key was analysed', 1: 'cancelled: the figures cover the keys scanned until then', 3: 'the analysis failed' },
  async run({ core: openCore, values: options }) {
    const json = options.json ?? false;
    const numbers = {
      db: parseWholeNumber('--db', options.db),
      depth: parseWholeNumber('--depth', options.depth),
      samples: parseWholeNumber('--samples', options.samples),
      top: parseWholeNumber('--top', options.top),
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

    const core = await openCore();
    const job = await runJobFromCli(core, () => core.invoke('keys.analyze', input.data), progressLine);
    const analysis = KeysAnalysisSchema.safeParse(job.result);
    if (!analysis.success) {
      const error = job.error ?? { code: 'INTERNAL' as const, message: `the analysis ended ${job.state}` };
      return { output: json ? JSON.stringify({ error }) : '', exitCode: exitCodes.error, reason: error.message };
    }
    const output = json ? JSON.stringify(analysis.data) : keysAnalysisText(analysis.data);
    return analysis.data.complete
      ? { output, exitCode: exitCodes.ok }
      : { output, exitCode: exitCodes.unhealthy, reason: 'cancelled: the figures cover the keys scanned until then' };
  },
});
