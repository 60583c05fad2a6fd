import type { GroupLag, LagReport } from '../../../../shared/contracts/writeBehind';
import { formatCount as count, formatDurationMs as duration, formatPerSecond as rate, formatTimeLag, timeLagMeasured } from '../../../../shared/formatLag';
import { drainVerdict, queueHeadline, timeLagVerdict } from '../../../../shared/queueVerdicts';
import type { Core } from '../../core/core';
import { abortableSleep } from '../../core/lifecycle/abortableSleep';
import { exitCodes, usageError, type CliResult } from '../cliResult';
import type { Style } from '../style';
import { defineVerb, jsonOption, profileOption, type VerbOutput } from '../verb';
import { parseLineCount, parseSeconds } from '../verbOptions';

/** Lagging partitions listed in text mode; the JSON has them all. */
const listedPartitions = 20;

/** One reading cannot tell a flusher between batches from a stuck one: unless it decides, `lag` watches this long. */
const defaultWindowSeconds = 2;

/** The verdicts the view shows too, decided by the same shared functions. */
function verdictsOf(group: GroupLag, slaMs: number) {
  return {
    headline: queueHeadline(group, slaMs),
    drain: drainVerdict(group),
    timeLag: timeLagVerdict(group.maxTimeLagMs, group.maxTimeLagResolutionMs),
  };
}

function partitionLines(group: GroupLag, all: boolean): string[] {
  const shown = group.partitions.filter((p) => all || p.lag > 0).sort((a, b) => b.lag - a.lag);
  const caughtUp = group.partitions.length - group.partitions.filter((p) => p.lag > 0).length;
  const lines: string[] = [];
  if (shown.length > 0) {
    lines.push('  partition  committed      high       lag  time lag  owner');
    for (const p of all ? shown : shown.slice(0, listedPartitions)) {
      lines.push(
        `  ${String(p.partition).padEnd(9)}  ${String(p.committed ?? '-').padStart(9)}  ${String(p.high).padStart(8)}  ${String(p.lag).padStart(8)}  ${formatTimeLag(p.timeLagMs, p.timeLagResolutionMs).padStart(8)}  ${p.owner ?? '-'}`,
      );
    }
    if (!all && shown.length > listedPartitions) lines.push(`  … ${shown.length - listedPartitions} more lagging partitions (--all lists them)`);
  }
  if (!all && caughtUp > 0) lines.push(`  ${count(caughtUp)} partition${caughtUp === 1 ? '' : 's'} caught up, not shown; --all to list`);
  if (shown.some((p) => p.timeLagMs !== null && !timeLagMeasured(p.timeLagMs, p.timeLagResolutionMs))) {
    lines.push('  ≤: an upper bound; that record was not read, only dated between two samples');
  }
  return lines;
}

function groupLines(group: GroupLag, slaMs: number, windowMs: number, all: boolean): string[] {
  const { headline, drain, timeLag } = verdictsOf(group, slaMs);
  const members = `${group.state}, ${group.members.length} member${group.members.length === 1 ? '' : 's'}`;
  const eta = group.totalLag === 0 ? '' : `, drains in: ${drain.value} (${drain.detail})`;
  const lines = [
    `${group.groupId} on ${group.topic}: ${headline.text} — ${group.statusReason} (${members})`,
    `  lag ${count(group.totalLag)} records, oldest ${timeLag.value} (SLA ${duration(slaMs)}), ` +
      `produce ${rate(group.produceRate)}, persist ${rate(group.persistRate)}${eta}`,
    ...partitionLines(group, all),
  ];
  if (!group.windowComplete && !headline.judged) {
    const window = Math.ceil(windowMs / 1000);
    lines.push(`  status judged on ${group.windowSamples} reading(s), less than its ${window} s window: --window ${window} judges it fully`);
  }
  return lines;
}

function text(report: LagReport, all: boolean): string {
  const lines = report.groups.flatMap((g) => groupLines(g, report.slaMs, report.windowMs, all));
  if (report.dlq) {
    lines.push(
      `DLQ ${report.dlq.topic}: ${count(report.dlq.depth)} not replayed (cursor ${report.dlq.replayGroup}), arriving ${rate(report.dlq.arrivalRate)}`,
    );
  }
  for (const issue of report.issues) lines.push(`${issue.groupId} on ${issue.topic}: ${issue.error.message}`);
  return lines.join('\n');
}

/** The report with each group's verdicts: `lag --json`'s answer, and each line of `--watch --json`. */
function jsonOf(report: LagReport) {
  return { ...report, groups: report.groups.map((g) => ({ ...g, verdicts: verdictsOf(g, report.slaMs) })) };
}

/** One `--watch` reading: a line per group (its headline and figures), the DLQ, and what could not be read. */
function watchLines(report: LagReport, style: Style): string[] {
  const time = new Date(report.sampledAt).toISOString().slice(11, 19);
  const tones = { ok: 'ok', warn: 'warn', bad: 'bad', plain: 'dim' } as const;
  const lines = report.groups.map((g) => {
    const { headline, timeLag } = verdictsOf(g, report.slaMs);
    return `${time}  ${g.groupId} on ${g.topic}: ${style.paint(tones[headline.tone], headline.text)}  lag ${count(g.totalLag)}, oldest ${timeLag.value}, persist ${rate(g.persistRate)}`;
  });
  if (report.dlq) lines.push(`${time}  DLQ ${report.dlq.topic}: ${count(report.dlq.depth)} not replayed`);
  for (const issue of report.issues) lines.push(`${time}  ${issue.groupId} on ${issue.topic}: ${style.paint('bad', issue.error.message)}`);
  return lines;
}

type LagRequest = { fresh: true; group?: string; topic?: string };

/**
 * A reading decides on its own when every group in it is judged: nothing is waiting, or the
 * oldest waiting write is already past the SLA. Watching longer cannot make either untrue
 * in a way that changes the answer, so `lag` answers at once, as during an incident it should.
 */
function decidedByOneReading(report: LagReport): boolean {
  return report.issues.length === 0 && report.groups.length > 0 && report.groups.every((g) => queueHeadline(g, report.slaMs).judged);
}

/**
 * The first reading, dated (time lags read); unless it decides, one reading a second over the
 * window, so that progress, WARN, STALL and STOP can be seen. The profile's own queue is read
 * by its sampler, which dates the oldest pending records while the window runs (for a thousand
 * partitions that read is most of a reading); another group or topic is read here.
 */
async function readOverWindow(core: Core, request: LagRequest, windowSeconds: number): Promise<LagReport> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const first = await core.invoke('writeBehind.lag', request);
  if (windowSeconds === 0 || decidedByOneReading(first)) return first;
  if (request.group === undefined && request.topic === undefined) {
    // Starts the sampler, a reading a second from now on. The window runs from the first
    // reading's requests, as the sampler dates its readings.
    await core.invoke('writeBehind.lag', {});
    await sleep(Math.max(0, first.sampledAt + windowSeconds * 1000 - Date.now()));
    return core.invoke('writeBehind.lag', request);
  }
  let report = first;
  for (const until = first.sampledAt + windowSeconds * 1000; Date.now() < until; ) {
    await sleep(Math.min(1_000, until - Date.now()));
    report = await core.invoke('writeBehind.lag', request);
  }
  return report;
}

/** A reading a second until stopped (or `--count` readings): text lines, or one JSON object per line. */
async function watch(core: Core, request: LagRequest, json: boolean, readings: number, out: VerbOutput, style: Style, signal: AbortSignal): Promise<CliResult> {
  for (let taken = 0; taken < readings && !signal.aborted; taken++) {
    if (taken > 0) await abortableSleep(1_000, signal);
    if (signal.aborted) break;
    const report = await core.invoke('writeBehind.lag', request);
    if (json) out.json(jsonOf(report));
    else for (const line of watchLines(report, style)) out.text(line);
  }
  return { output: '', exitCode: exitCodes.ok };
}

/** `lag`: the write-behind queue's lag per partition in records and in time, with status. */
export const lagVerb = defineVerb({
  name: 'lag',
  summary: 'write-behind lag per partition in records and time, status, DLQ depth',
  description:
    "Reads the flusher group's committed offsets against the queue's high watermarks, dates the\n" +
    'oldest pending write of each partition and judges the status (OK, WARN, STALL, STOP, REWIND)\n' +
    "against the profile's persistence SLA over --window seconds; it answers from its first reading\n" +
    'when that decides (nothing waiting, or the SLA already breached). Cron it and alert on the exit code.\n' +
    'With --watch, a reading a second until Ctrl-C (or --count readings), each judged over the ones\n' +
    'before it; with --watch --json, one JSON object per line. A watch exits 0 when stopped.',
  options: {
    group: { type: 'string', value: 'G', description: "another consumer group than the profile's flusher group" },
    topic: { type: 'string', value: 'T', description: "another topic than the group's" },
    window: { type: 'string', value: 'S', description: `read once a second for S seconds (${defaultWindowSeconds}; 0 for one reading) and judge over them` },
    all: { type: 'boolean', description: 'list every partition, the caught-up ones too' },
    watch: { type: 'boolean', description: 'a reading a second until Ctrl-C: a line per group, or one JSON object per line' },
    count: { type: 'string', value: 'N', description: 'with --watch: stop after N readings' },
    ...jsonOption,
    ...profileOption,
  },
  exits: {
    0: 'every group keeps up within the SLA',
    1: 'a group lags, stalls or breaches the SLA, or cannot be judged (named on stderr)',
    3: 'a group or topic could not be read',
  },
  async run({ core, values, out, style, stopSignal }) {
    const request: LagRequest = { fresh: true, ...(values.group ? { group: values.group } : {}), ...(values.topic ? { topic: values.topic } : {}) };
    if (values.watch) {
      if (values.window !== undefined) return usageError('--window goes without --watch: each --watch reading is judged over the readings before it');
      const readings = parseLineCount(values.count);
      if (typeof readings !== 'number') return readings;
      return watch(await core(), request, values.json ?? false, readings, out, style, stopSignal());
    }
    if (values.count !== undefined) return usageError('--count goes with --watch');
    const windowSeconds = parseSeconds('--window', values.window, defaultWindowSeconds, 0);
    if (typeof windowSeconds !== 'number') return windowSeconds;
    const report = await readOverWindow(await core(), request, windowSeconds);
    const output = values.json ? JSON.stringify(jsonOf(report)) : text(report, values.all === true);
    if (report.issues.length > 0) {
      return { output, exitCode: exitCodes.error, reason: report.issues.map((i) => i.error.message).join('; ') };
    }
    const unhealthy = report.groups.flatMap((g) => {
      const headline = queueHeadline(g, report.slaMs);
      return headline.judged && headline.tone === 'ok' ? [] : [`${g.groupId}: ${headline.text}`];
    });
    if (unhealthy.length > 0) return { output, exitCode: exitCodes.unhealthy, reason: unhealthy.join('; ') };
    return { output, exitCode: exitCodes.ok };
  },
});
