import type { GroupLag, LagReport } from '../../../../shared/contracts/writeBehind';
import { formatCount as count, formatDurationMs as duration, formatPerSecond as rate } from '../../../../shared/formatLag';
import type { Core } from '../../core/core';
import { exitCodes, type CliResult } from '../cliResult';
import { parseSeconds, type VerbOptions } from '../verbOptions';

/** Lagging partitions listed in text mode; the JSON has them all. */
const listedPartitions = 20;


function groupLines(group: GroupLag, slaMs: number, windowMs: number): string[] {
  const members = `${group.state}, ${group.members.length} member${group.members.length === 1 ? '' : 's'}`;
  const breach = group.slaBreached ? ', SLA BREACHED' : '';
  const eta = group.totalLag === 0 ? '' : `, drains ${group.drainEtaMs === null ? 'never at this pace' : `in ${duration(group.drainEtaMs)}`}`;
  const lines = [
    `${group.groupId} on ${group.topic}: ${group.status}${breach} — ${group.statusReason} (${members})`,
    `  lag ${count(group.totalLag)} records, oldest ${duration(group.maxTimeLagMs)} (SLA ${duration(slaMs)}), ` +
      `produce ${rate(group.produceRate)}, persist ${rate(group.persistRate)}${eta}`,
  ];
  const lagging = group.partitions.filter((p) => p.lag > 0).sort((a, b) => b.lag - a.lag);
  if (lagging.length > 0) {
    lines.push('  partition  committed      high       lag  time lag  owner');
    for (const p of lagging.slice(0, listedPartitions)) {
      lines.push(
        `  ${String(p.partition).padEnd(9)}  ${String(p.committed ?? '-').padStart(9)}  ${String(p.high).padStart(8)}  ${String(p.lag).padStart(8)}  ${duration(p.timeLagMs).padStart(8)}  ${p.owner ?? '-'}`,
      );
    }
    if (lagging.length > listedPartitions) lines.push(`  … ${lagging.length - listedPartitions} more lagging partitions (--json lists all)`);
  }
  if (!group.windowComplete) {
    const window = Math.ceil(windowMs / 1000);
    lines.push(`  status judged on ${group.windowSamples} sample(s), less than its ${window} s window: --window ${window} judges it fully`);
  }
  return lines;
}

function text(report: LagReport): string {
  const lines = report.groups.flatMap((g) => groupLines(g, report.slaMs, report.windowMs));
  if (report.dlq) {
    lines.push(
      `DLQ ${report.dlq.topic}: ${count(report.dlq.depth)} not replayed (cursor ${report.dlq.replayGroup}), arriving ${rate(report.dlq.arrivalRate)}`,
    );
  }
  for (const issue of report.issues) lines.push(`${issue.groupId} on ${issue.topic}: ${issue.error.message}`);
  return lines.join('\n');
}

/**
 * `lag`: the write-behind queue's lag per partition in records and in time, with status.
 * Exit 0 when every group is OK within the SLA, 1 when not, 3 when something could not be read.
 */
export async function lagVerb(core: Core, json: boolean, options: VerbOptions): Promise<CliResult> {
  const windowSeconds = parseSeconds('--window', options.window, 0, 0);
  if (typeof windowSeconds !== 'number') return windowSeconds;
  const request = { fresh: true, ...(options.group ? { group: options.group } : {}), ...(options.topic ? { topic: options.topic } : {}) };
  let report = await core.invoke('writeBehind.lag', request);
  // One sample a second over the window, so WARN, STALL and STOP can be judged.
  for (const until = Date.now() + windowSeconds * 1000; Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
    report = await core.invoke('writeBehind.lag', request);
  }
  const output = json ? JSON.stringify(report) : text(report);
  if (report.issues.length > 0) {
    return { output, exitCode: exitCodes.error, reason: report.issues.map((i) => i.error.message).join('; ') };
  }
  const unhealthy = report.groups.filter((g) => g.status !== 'OK' || g.slaBreached);
  if (unhealthy.length > 0) {
    const why = unhealthy.map((g) => `${g.groupId}: ${g.status}${g.slaBreached ? ' (SLA breached)' : ''}`).join('; ');
    return { output, exitCode: exitCodes.unhealthy, reason: why };
  }
  return { output, exitCode: exitCodes.ok };
}
