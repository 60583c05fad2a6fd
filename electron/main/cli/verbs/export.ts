import { resolve } from 'node:path';
import { maxIncidentWindowMs } from '../../../../shared/contracts/timeline';
import { toAppErrorData } from '../../../../shared/errors';
import { writePrivateFile } from '../../core/files/privateFiles';
import { exitCodes, usageError } from '../cliResult';
import { momentHelp, parseMoment } from '../timeArgs';
import { defineVerb, jsonOption, profileOption } from '../verb';

/** `export --since 1h [--until …] --out incident.html`: one self-contained HTML file of an incident window. */
export const exportVerb = defineVerb({
  name: 'export',
  summary: 'export an incident window as one self-contained HTML file (charts, events, audit, JSON)',
  description:
    'Charts rendered as SVG, the events, audit records and series of the window as tables and embedded JSON; ' +
    'opens offline in any browser, never holds a password. Reads what the app saved in the user data folder.',
  options: {
    since: { type: 'string', value: 'WHEN', description: `the window's start: ${momentHelp}` },
    until: { type: 'string', value: 'WHEN', description: `the window's end: ${momentHelp} (default now)` },
    out: { type: 'string', value: 'FILE', description: 'where to write the HTML (replaced if it exists, readable by you only)' },
    ...jsonOption,
    ...profileOption,
  },
  exits: { 3: 'the window could not be read or the file not written' },
  async run({ core, values: options }) {
    const now = Date.now();
    if (options.since === undefined) return usageError('--since is required, e.g. --since 1h');
    if (options.out === undefined || options.out.trim() === '') return usageError('--out is required, e.g. --out incident.html');
    const from = parseMoment(options.since, now);
    if (from === null) return usageError(`--since needs ${momentHelp}, got "${options.since}"`);
    const to = options.until === undefined ? now : parseMoment(options.until, now);
    if (to === null) return usageError(`--until needs ${momentHelp}, got "${options.until}"`);
    if (to <= from) return usageError('--until must be after --since');
    if (to - from > maxIncidentWindowMs) return usageError('an incident window covers at most 7 days');
    const exported = await (await core()).invoke('timeline.exportIncident', { from, to });
    const path = resolve(options.out);
    try {
      await writePrivateFile(path, exported.html);
    } catch (err) {
      return { output: '', exitCode: exitCodes.error, reason: `cannot write ${path}: ${toAppErrorData(err).message}` };
    }
    const summary = { file: path, bytes: exported.bytes, events: exported.events, auditRecords: exported.auditRecords, from, to };
    if (options.json) return { output: JSON.stringify(summary), exitCode: exitCodes.ok };
    return {
      output: `wrote ${path} (${exported.bytes} bytes): ${exported.events} events, ${exported.auditRecords} audited actions, ${new Date(from).toISOString()} to ${new Date(to).toISOString()}`,
      exitCode: exitCodes.ok,
    };
  },
});
