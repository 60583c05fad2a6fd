import { readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { z } from 'zod';
import { ensurePrivateDir, writePrivateFile } from '../files/privateFiles';
import type { StoredSeries } from './metricsHistory';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Version 1: tiers' rings as base64 of little-endian float64s, NaN for gaps. */
const HistoryFileSchema = z.object({
  version: z.literal(1),
  savedAt: z.number(),
  series: z.array(
    z.object({
      name: z.string(),
      baseStepMs: z.number().int().positive(),
      tiers: z.array(z.object({ stepMs: z.number().int().positive(), newestBucket: z.number().int(), values: z.string() })),
    }),
  ),
});

function encode(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function decode(base64: string): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new Error('a tier is not a whole number of float64 values');
  // Copied into a fresh buffer: Float64Array needs 8-byte alignment, Buffer pools do not give it.
  return new Float64Array(new Uint8Array(bytes).buffer);
}

/**
 * Reads the history saved for a profile. A missing file is an empty history; an unreadable
 * one is reported and then ignored, because losing old charts beats refusing to start.
 */
export async function loadHistoryFile(path: string, warn: (message: string) => void): Promise<StoredSeries[]> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read the history ${path}: ${(err as Error).message}`);
    return [];
  }
  try {
    const parsed = HistoryFileSchema.parse(JSON.parse((await gunzipAsync(raw)).toString('utf8')));
    return parsed.series.map((s) => ({
      name: s.name,
      baseStepMs: s.baseStepMs,
      tiers: s.tiers.map((t) => ({ stepMs: t.stepMs, newestBucket: t.newestBucket, values: decode(t.values) })),
    }));
  } catch (err) {
    warn(`ignoring the unreadable history ${path}: ${(err as Error).message}`);
    return [];
  }
}

/**
 * Writes atomically (temporary file, then rename): a crash mid-write leaves the previous file.
 * The history tells what a cache did and when: private to the user, like the logs.
 */
export async function saveHistoryFile(path: string, series: readonly StoredSeries[], savedAt: number): Promise<void> {
  const json = JSON.stringify({
    version: 1,
    savedAt,
    series: series.map((s) => ({
      name: s.name,
      baseStepMs: s.baseStepMs,
      tiers: s.tiers.map((t) => ({ stepMs: t.stepMs, newestBucket: t.newestBucket, values: encode(t.values) })),
    })),
  } satisfies z.input<typeof HistoryFileSchema>);
  await ensurePrivateDir(dirname(path));
  const temporary = `${path}.${process.pid}.tmp`;
  await writePrivateFile(temporary, await gzipAsync(json));
  await rename(temporary, path);
}
