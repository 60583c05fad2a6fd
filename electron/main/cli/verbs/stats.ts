import type { StatsSample } from '../../../../shared/contracts/stats';
import { terminalText } from '../../core/analysis/terminalText';
import type { Core } from '../../core/core';
import { exitCodes, type CliResult } from '../cliResult';
import { statsJson, statsText, watchLine } from '../statsOutput';
import type { VerbOptions } from '../verbOptions';

/** Exit 1 (with the reason) when a master does not answer: scripts can alert on it. */
function verdict(sample: StatsSample): Pick<CliResult, 'exitCode' | 'reason'> {
  if (sample.error) return { exitCode: exitCodes.unhealthy, reason: sample.error.message };
  if (sample.mastersUp < sample.mastersTotal) {
    const down = sample.nodes.filter((n) => n.role === 'master' && n.state === 'down').map((n) => n.address);
    return { exitCode: exitCodes.unhealthy, reason: `masters not answering: ${down.join(', ')}` };
  }
  return { exitCode: exitCodes.ok };
}

function parseCount(raw: string | undefined): number | CliResult {
  if (raw === undefined) return Infinity;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1) {
    return { output: '', exitCode: exitCodes.usage, reason: `--count needs a whole number >= 1, got "${raw}"` };
  }
  return count;
}

/**
 * Prints a line per sample until Ctrl-C (or `--count` lines). The sampler keeps its history
 * in memory: the CLI never writes the app's history file.
 */
async function watch(core: Core, json: boolean, count: number): Promise<CliResult> {
  let printed = 0;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const subscription = core.onEvent(({ name, payload }) => {
    if (name !== 'metrics.sample' || printed >= count) return;
    const sample = payload as StatsSample;
    process.stdout.write(`${json ? JSON.stringify(statsJson(sample)) : terminalText(watchLine(sample))}\n`);
    if (++printed >= count) stop();
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await core.invoke('stats.watch', {});
    await stopped;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await subscription.dispose();
  }
  return { output: '', exitCode: exitCodes.ok };
}

/** `stats`: one reading of every node; `--watch` a line per interval. */
export async function statsVerb(core: Core, json: boolean, options: VerbOptions): Promise<CliResult> {
  if (options.watch) {
    const count = parseCount(options.count);
    return typeof count === 'number' ? watch(core, json, count) : count;
  }
  if (options.count !== undefined) return { output: '', exitCode: exitCodes.usage, reason: '--count goes with --watch' };
  const sample = await core.invoke('stats.snapshot', { fresh: true });
  return { output: json ? JSON.stringify(statsJson(sample)) : statsText(sample), ...verdict(sample) };
}
