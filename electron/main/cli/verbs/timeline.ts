import { timelineKinds, type TimelineKind } from '../../../../shared/contracts/timeline';
import { exitCodes, usageError } from '../cliResult';
import { momentHelp, parseMoment } from '../timeArgs';
import { defineVerb, jsonOption, profileOption } from '../verb';

const isKind = (text: string): text is TimelineKind => (timelineKinds as readonly string[]).includes(text);

/** `timeline [--since 1h] [--until …] [--kind K]… [--json]`: what CacheScope saw and what was done, oldest first. */
export const timelineVerb = defineVerb({
  name: 'timeline',
  summary: 'the incident timeline: outages, alerts, status changes, actions and notes, oldest first',
  description:
    'Reads the timeline the app keeps for the profile (7 days) and the audit log. JSON: ' +
    '{"profileId":…,"events":[{"id","kind","at","severity","title","detail","route","source"}],"truncated":false}.',
  options: {
    since: { type: 'string', value: 'WHEN', description: `from ${momentHelp} (default 1h)` },
    until: { type: 'string', value: 'WHEN', description: `up to ${momentHelp} (default now)` },
    kind: { type: 'string', multiple: true, value: 'KIND', choices: timelineKinds, description: `only these kinds (${timelineKinds.join(', ')})` },
    count: { type: 'string', value: 'N', description: 'at most the newest N events (1000; 1 to 5000)' },
    ...jsonOption,
    ...profileOption,
  },
  async run({ core, values: options }) {
    const now = Date.now();
    const since = parseMoment(options.since ?? '1h', now);
    if (since === null) return usageError(`--since needs ${momentHelp}, got "${options.since}"`);
    const until = options.until === undefined ? now : parseMoment(options.until, now);
    if (until === null) return usageError(`--until needs ${momentHelp}, got "${options.until}"`);
    if (until < since) return usageError('--until is before --since');
    const kinds = options.kind ?? [];
    const unknown = kinds.find((k) => !isKind(k));
    if (unknown !== undefined) return usageError(`--kind must be one of ${timelineKinds.join(', ')}, got "${unknown}"`);
    const limit = options.count === undefined ? 1_000 : Number(options.count);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5_000) return usageError(`--count needs 1 to 5000, got "${options.count}"`);
    const page = await (await core()).invoke('timeline.list', {
      since,
      until,
      limit,
      ...(kinds.length > 0 ? { kinds: kinds.filter(isKind) } : {}),
    });
    if (options.json) return { output: JSON.stringify({ profileId: page.profileId, events: page.events, truncated: page.truncated }), exitCode: exitCodes.ok };
    const lines = page.events.map(
      (e) => `${new Date(e.at).toISOString()}  ${e.severity.padEnd(8)} ${e.kind.padEnd(11)} ${e.title}${e.detail ? ` — ${e.detail}` : ''}`,
    );
    if (page.truncated) lines.unshift(`(older events left out: --count ${limit} reached)`);
    return { output: lines.length > 0 ? lines.join('\n') : 'no events in that window', exitCode: exitCodes.ok };
  },
});
