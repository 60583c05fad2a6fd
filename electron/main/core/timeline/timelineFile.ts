import { readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { z } from 'zod';
import { TimelineEventSchema, type TimelineEvent } from '../../../../shared/contracts/timeline';
import { ensurePrivateDir, writePrivateFile } from '../files/privateFiles';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** What the timeline keeps besides its events: the alert level its hit-rate events are judged on. */
export interface TimelineSettings {
  hitRateAlert: number | null;
}

export interface StoredTimeline {
  settings: TimelineSettings;
  /** Oldest first. */
  events: TimelineEvent[];
}

const TimelineFileSchema = z.object({
  version: z.literal(1),
  savedAt: z.number(),
  settings: z.object({ hitRateAlert: z.number().min(0).max(1).nullable() }),
  events: z.array(z.unknown()),
});

/**
 * The saved timeline of a profile. A missing file is an empty timeline; an unreadable one is
 * reported and ignored; an event that no longer parses is dropped alone, not the whole file.
 */
export async function loadTimelineFile(path: string, warn: (message: string) => void): Promise<StoredTimeline> {
  const empty: StoredTimeline = { settings: { hitRateAlert: null }, events: [] };
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read the timeline ${path}: ${(err as Error).message}`);
    return empty;
  }
  try {
    const parsed = TimelineFileSchema.parse(JSON.parse((await gunzipAsync(raw)).toString('utf8')));
    const events = parsed.events.flatMap((e) => {
      const event = TimelineEventSchema.safeParse(e);
      return event.success ? [event.data] : [];
    });
    if (events.length < parsed.events.length) warn(`dropped ${parsed.events.length - events.length} unreadable events of the timeline ${path}`);
    return { settings: parsed.settings, events: events.sort((a, b) => a.at - b.at) };
  } catch (err) {
    warn(`ignoring the unreadable timeline ${path}: ${(err as Error).message}`);
    return empty;
  }
}

/** Written atomically and privately, like the history: it says what happened to a cache and who did what. */
export async function saveTimelineFile(path: string, timeline: StoredTimeline, savedAt: number): Promise<void> {
  const json = JSON.stringify({ version: 1, savedAt, settings: timeline.settings, events: timeline.events } satisfies z.input<typeof TimelineFileSchema>);
  await ensurePrivateDir(dirname(path));
  const temporary = `${path}.${process.pid}.tmp`;
  await writePrivateFile(temporary, await gzipAsync(json));
  await rename(temporary, path);
}
