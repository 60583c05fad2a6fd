import type { GroupLag, LagReport } from '../../../../shared/contracts/writeBehind';
import { formatCount as count, formatDurationMs as duration, formatPerSecond as rate, formatTimeLag, timeLagMeasured } from '../../../../shared/formatLag';
import { drainVerdict, queueHeadline, timeLagVerdict } from '../../../../shared/queueVerdicts';
import { exitCodes } from '../cliResult';
import { defineVerb, jsonOption, profileOption } from '../verb';
import { parseSeconds } from '../verbOptions';

/** Lagging partitions listed in text mode; the JSON has them all. */
const listedPartitions = 20;

/** One reading cannot tell a flusher between batches from a stuck one: by default `lag` watches this long. */
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
  if (!group.windowComplete) {
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

function json(report: LagReport): string {
  return JSON.stringify({ ...report, groups: report.groups.map((g) => ({ ...g, verdicts: verdictsOf(g, report.slaMs) })) });
}

/** `lag`: the write-behind queue's lag per partition in records and in time, with status. */
export const lagVerb = defineVerb({
  name: 'lag',
  summary: 'write-behind lag per partition in records and time, status, DLQ depth',
  description:
    "Reads the flusher group's committed offsets against the queue's high watermarks, dates the\n" +
    'oldest pending write of each partition and judges the status (OK, WARN, STALL, STOP, REWIND)\n' +
    "against the profile's persistence SLA over --window seconds. Cron it and alert on the exit code.",
  options: {
    group: { type: 'string', value: 'G', description: "another consumer group than the profile's flusher group" },
    topic: { type: 'string', value: 'T', description: "another topic than the group's" },
    window: { type: 'string', value: 'S', description: `read once a second for S seconds (${defaultWindowSeconds}; 0 for one reading) and judge over them` },
    all: { type: 'boolean', description: 'list every partition, the caught-up ones too' },
    ...jsonOption,
    ...profileOption,
  },
  exits: {
    0: 'every group keeps up within the SLA',
    1: 'a group lags, stalls or breaches the SLA, or cannot be judged (named on stderr)',
    3: 'a group or topic could not be read',
  },
  async run({ core, values }) {
    const windowSeconds = parseSeconds('--window', values.window, defaultWindowSeconds, 0);
    if (typeof windowSeconds !== 'number') return windowSeconds;
    const session = await core();
    const request = { fresh: true, ...(values.group ? { group: values.group } : {}), ...(values.topic ? { topic: values.topic } : {}) };
    let report = await session.invoke('writeBehind.lag', request);
    // One reading a second over the window, so that progress, WARN, STALL and STOP can be seen.
    for (const until = Date.now() + windowSeconds * 1000; Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
      report = await session.invoke('writeBehind.lag', request);
    }
    const output = values.json ? json(report) : text(report, values.all === true);
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
