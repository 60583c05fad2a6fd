import type { StatsSample } from '../../../../shared/contracts/stats';
import type { Core } from '../../core/core';
import { exitCodes, usageError, type CliResult } from '../cliResult';
import { statsJson, statsText, watchLine } from '../statsOutput';
import type { Style } from '../style';
import { defineVerb, jsonOption, profileOption, type VerbOutput } from '../verb';
import { parseLineCount } from '../verbOptions';

/** Exit 1 (with the reason) when a master does not answer: scripts can alert on it. */
function verdict(sample: StatsSample): Pick<CliResult, 'exitCode' | 'reason'> {
  if (sample.error) return { exitCode: exitCodes.unhealthy, reason: sample.error.message };
  if (sample.mastersUp < sample.mastersTotal) {
    const down = sample.nodes.filter((n) => n.role === 'master' && n.state === 'down').map((n) => n.address);
    return { exitCode: exitCodes.unhealthy, reason: `masters not answering: ${down.join(', ')}` };
  }
  return { exitCode: exitCodes.ok };
}

/**
 * Prints a line per sample until stopped (or `--count` lines): text, or newline-delimited
 * JSON. The sampler keeps its history in memory: the CLI never writes the app's history file.
 */
async function watch(core: Core, json: boolean, count: number, out: VerbOutput, style: Style, signal: AbortSignal): Promise<CliResult> {
  let printed = 0;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const subscription = core.onEvent(({ name, payload }) => {
    if (name !== 'metrics.sample' || printed >= count || signal.aborted) return;
    const sample = payload as StatsSample;
    if (json) out.json(statsJson(sample));
    else out.text(watchLine(sample, style));
    if (++printed >= count) stop();
  });
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await core.invoke('stats.watch', {});
    await stopped;
  } finally {
    signal.removeEventListener('abort', stop);
    await subscription.dispose();
  }
  return { output: '', exitCode: exitCodes.ok };
}

/** `stats`: one reading of every node; `--watch` a line per interval. */
export const statsVerb = defineVerb({
  name: 'stats',
  summary: 'Redis hit rate, ops/s, memory, evictions per node and namespace',
  description:
    'One reading of every node. With --watch, a line per interval until Ctrl-C (or --count\n' +
    'lines); with --watch --json, one JSON object per line.',
  options: {
    watch: { type: 'boolean', description: 'keep sampling, a line per interval until Ctrl-C' },
    count: { type: 'string', value: 'N', description: 'with --watch: stop after N lines' },
    ...jsonOption,
    ...profileOption,
  },
  exits: { 0: 'every master answers', 1: 'a master does not answer (named on stderr)' },
  async run({ core, values, out, style, stopSignal }) {
    if (values.watch) {
      const count = parseLineCount(values.count);
      return typeof count === 'number' ? watch(await core(), values.json ?? false, count, out, style, stopSignal()) : count;
    }
    if (values.count !== undefined) return usageError('--count goes with --watch');
    const sample = await (await core()).invoke('stats.snapshot', { fresh: true });
    return { output: values.json ? JSON.stringify(statsJson(sample)) : statsText(sample, style), ...verdict(sample) };
  },
});
