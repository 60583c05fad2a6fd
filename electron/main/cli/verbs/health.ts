import type { HealthReport, ServiceHealth } from '../../../../shared/contract';
import { serviceNames } from '../../../../shared/contract';
import type { Core } from '../../core/core';
import type { CliResult } from '../cliResult';

function line(health: ServiceHealth): string {
  const status = health.ok ? 'ok  ' : 'DOWN';
  const facts = health.ok
    ? [`${health.latencyMs?.toFixed(1)} ms`, health.version && `v${health.version}`, health.detail].filter(Boolean).join(', ')
    : (health.error?.message ?? 'no answer');
  return `${health.service.padEnd(9)}${status}  ${health.target}  ${facts}`;
}

/** `health`: probes all three services once; exit 0 only when all answer. */
export async function healthVerb(core: Core, json: boolean): Promise<CliResult> {
  const report: HealthReport = await core.invoke('health.check', { fresh: true });
  const services = serviceNames.map((name) => report[name]);
  const down = services.filter((s) => !s.ok);
  const output = json
    ? JSON.stringify(Object.fromEntries(services.map((s) => [s.service, s])))
    : services.map(line).join('\n');
  return {
    output,
    exitCode: down.length === 0 ? 0 : 1,
    ...(down.length > 0 ? { reason: `${down.map((s) => s.service).join(', ')} not healthy` } : {}),
  };
}
