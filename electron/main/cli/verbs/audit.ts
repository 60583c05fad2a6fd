import { exitCodes, usageError } from '../cliResult';
import { parseAge } from '../timeArgs';
import { defineVerb, jsonOption, profileOption } from '../verb';

/** `audit [--since 1h] [--count N] [--json]`: the newest control actions first, read from the end of audit.jsonl. */
export const auditVerb = defineVerb({
  name: 'audit',
  summary: 'the audit log of control actions, newest first',
  options: {
    since: { type: 'string', value: 'AGE', description: 'only records newer than AGE: 30m, 1h, 2d' },
    count: { type: 'string', value: 'N', description: 'at most N records (200; 1 to 1000)' },
    ...jsonOption,
    ...profileOption,
  },
  async run({ core, values: options }) {
    const json = options.json ?? false;
    const age = options.since === undefined ? null : parseAge(options.since);
    if (options.since !== undefined && age === null) return usageError(`--since needs an age like 30m, 1h or 2d, got "${options.since}"`);
    const limit = options.count === undefined ? 200 : Number(options.count);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000) return usageError(`--count needs 1 to 1000, got "${options.count}"`);
    const page = await (await core()).invoke('audit.list', { limit, ...(age !== null ? { since: Date.now() - age } : {}) });
    if (json) return { output: JSON.stringify({ records: page.records, file: page.file }), exitCode: exitCodes.ok };
    const lines = page.records.map((r) => {
      const counts = Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(' ');
      return `${r.time}  ${r.outcome.padEnd(9)} ${r.action.padEnd(20)} ${r.user}@${r.host} ${r.frontEnd} ${r.profileId} ${counts}${r.error ? `  ${r.error.message}` : ''}`;
    });
    return { output: lines.length > 0 ? lines.join('\n') : `no audit records in ${page.file}`, exitCode: exitCodes.ok };
  },
});
