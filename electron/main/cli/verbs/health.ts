import type { HealthReport, ServiceHealth } from '../../../../shared/contract';
import { serviceNames } from '../../../../shared/contract';
import { exitCodes } from '../cliResult';
import type { Style } from '../style';
import { formatTable } from '../table';
import { defineVerb, jsonOption, profileOption } from '../verb';

function facts(health: ServiceHealth): string {
  if (!health.ok) return health.error?.message ?? 'no answer';
  return [`${health.latencyMs?.toFixed(1)} ms`, health.version && `v${health.version}`, health.detail].filter(Boolean).join(', ');
}

function text(services: ServiceHealth[], style: Style): string {
  const rows = services.map((s) => [s.service, s.ok ? { text: 'ok', tone: 'ok' as const } : { text: 'DOWN', tone: 'bad' as const }, s.target, facts(s)]);
  return formatTable([{ header: 'service' }, { header: 'status' }, { header: 'target' }, { header: 'answer' }], rows, { style }).join('\n');
}

/** `health`: probes all three services once; exit 0 only when all answer. */
export const healthVerb = defineVerb({
  name: 'health',
  summary: 'probe Redis, PostgreSQL and Kafka once',
  options: { ...jsonOption, ...profileOption },
  exits: { 0: 'all three answer', 1: 'a service does not answer (named on stderr)' },
  async run({ core, values, style }) {
    const report: HealthReport = await (await core()).invoke('health.check', { fresh: true });
    const services = serviceNames.map((name) => report[name]);
    const down = services.filter((s) => !s.ok);
    return {
      output: values.json ? JSON.stringify(Object.fromEntries(services.map((s) => [s.service, s]))) : text(services, style),
      exitCode: down.length === 0 ? exitCodes.ok : exitCodes.unhealthy,
      ...(down.length > 0 ? { reason: `${down.map((s) => s.service).join(', ')} not healthy` } : {}),
    };
  },
});
