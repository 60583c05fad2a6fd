import type { GroupLag, LagReport } from '../../../../shared/contracts/writeBehind';
import { formatCount as count, formatDurationMs as duration, formatPerSecond as rate } from '../../../../shared/formatLag';
import { exitCodes, type CliResult } from '../cliResult';
import type { Style } from '../style';
import { formatTable } from '../table';
import { defineVerb, jsonOption, profileOption } from '../verb';
import { parseSeconds } from '../verbOptions';

/** Lagging partitions listed in text mode; the JSON has them all. */
const listedPartitions = 20;

function groupLines(group: GroupLag, slaMs: number, windowMs: number, style: Style): string[] {
  const members = `${group.state}, ${group.members.length} member${group.members.length === 1 ? '' : 's'}`;
  const healthy = group.status === 'OK' && !group.slaBreached;
  const status = style.paint(healthy ? 'ok' : group.status === 'OK' || group.status === 'WARN' ? 'warn' : 'bad', `${group.status}${group.slaBreached ? ', SLA BREACHED' : ''}`);
  const eta = group.totalLag === 0 ? '' : `, drains ${group.drainEtaMs === null ? 'never at this pace' : `in ${duration(group.drainEtaMs)}`}`;
  const lines = [
    `${group.groupId} on ${group.topic}: ${status} — ${group.statusReason} (${members})`,
    `  lag ${count(group.totalLag)} records, oldest ${duration(group.maxTimeLagMs)} (SLA ${duration(slaMs)}), ` +
      `produce ${rate(group.produceRate)}, persist ${rate(group.persistRate)}${eta}`,
  ];
  const lagging = group.partitions.filter((p) => p.lag > 0).sort((a, b) => b.lag - a.lag);
  if (lagging.length > 0) {
    const rows = lagging
      .slice(0, listedPartitions)
      .map((p) => [String(p.partition), String(p.committed ?? '-'), String(p.high), String(p.lag), duration(p.timeLagMs), p.owner ?? '-']);
    const columns = [
      { header: 'partition' },
      { header: 'committed', align: 'right' as const },
      { header: 'high', align: 'right' as const },
      { header: 'lag', align: 'right' as const },
      { header: 'time lag', align: 'right' as const },
      { header: 'owner' },
    ];
    lines.push(...formatTable(columns, rows, { style, indent: '  ' }));
    if (lagging.length > listedPartitions) lines.push(`  … ${lagging.length - listedPartitions} more lagging partitions (--json lists all)`);
  }
  if (!group.windowComplete) {
    const window = Math.ceil(windowMs / 1000);
    lines.push(`  status judged on ${group.windowSamples} sample(s), less than its ${window} s window: --window ${window} judges it fully`);
  }
  return lines;
}

function text(report: LagReport, style: Style): string {
  const lines = report.groups.flatMap((g) => groupLines(g, report.slaMs, report.windowMs, style));
  if (report.dlq) {
    lines.push(
      `DLQ ${report.dlq.topic}: ${count(report.dlq.depth)} not replayed (cursor ${report.dlq.replayGroup}), arriving ${rate(report.dlq.arrivalRate)}`,
    );
  }
  for (const issue of report.issues) lines.push(style.paint('bad', `${issue.groupId} on ${issue.topic}: ${issue.error.message}`));
  return lines.join('\n');
}

function verdict(report: LagReport): Pick<CliResult, 'exitCode' | 'reason'> {
  if (report.issues.length > 0) return { exitCode: exitCodes.error, reason: report.issues.map((i) => i.error.message).join('; ') };
  const unhealthy = report.groups.filter((g) => g.status !== 'OK' || g.slaBreached);
  if (unhealthy.length === 0) return { exitCode: exitCodes.ok };
  const why = unhealthy.map((g) => `${g.groupId}: ${g.status}${g.slaBreached ? ' (SLA breached)' : ''}`).join('; ');
  return { exitCode: exitCodes.unhealthy, reason: why };
}

/** `lag`: the write-behind queue's lag per partition in records and in time, with status. */
export const lagVerb = defineVerb({
  name: 'lag',
  summary: 'write-behind lag per partition in records and time, status, DLQ depth',
  description:
    "Reads the flusher group's committed offsets against the queue's high watermarks, dates the\n" +
    'oldest pending write of each partition and judges the status (OK, WARN, STALL, STOP, REWIND)\n' +
    "against the profile's persistence SLA. Cron it and alert on the exit code.",
  options: {
    group: { type: 'string', value: 'G', description: "another consumer group than the profile's flusher group" },
    topic: { type: 'string', value: 'T', description: "another topic than the group's" },
    window: { type: 'string', value: 'S', description: 'sample for S seconds, so the status is judged over a window' },
    ...jsonOption,
    ...profileOption,
  },
  exits: { 0: 'every group is OK within the SLA', 1: 'a group lags, stalls or breaches the SLA (named on stderr)', 3: 'a group or topic could not be read' },
  async run({ core, values, style }) {
    const windowSeconds = parseSeconds('--window', values.window, 0, 0);
    if (typeof windowSeconds !== 'number') return windowSeconds;
    const session = await core();
    const request = { fresh: true, ...(values.group ? { group: values.group } : {}), ...(values.topic ? { topic: values.topic } : {}) };
    let report = await session.invoke('writeBehind.lag', request);
    // One sample a second over the window, so WARN, STALL and STOP can be judged.
    for (const until = Date.now() + windowSeconds * 1000; Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
      report = await session.invoke('writeBehind.lag', request);
    }
    return { output: values.json ? JSON.stringify(report) : text(report, style), ...verdict(report) };
  },
});
