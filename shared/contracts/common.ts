import { z } from 'zod';

/** Input of methods that take none: `{}` or nothing at all. */
export const NoInputSchema = z.object({}).strict().default({});

/** A point of a time series: epoch milliseconds and a value, null for a gap. */
export const SeriesPointSchema = z.tuple([z.number(), z.number().nullable()]);
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;
