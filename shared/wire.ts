import { z } from 'zod';
import { AppErrorDataSchema } from './errors';

/**
 * Frames of serve mode's WebSocket. The method and event payloads inside them are
 * validated against shared/contract.ts by whichever side receives them.
 */
export const ClientFrameSchema = z.object({
  kind: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown().optional(),
});
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const ServerFrameSchema = z.union([
  z.object({ kind: z.literal('result'), id: z.number(), ok: z.literal(true), output: z.unknown() }),
  z.object({ kind: z.literal('result'), id: z.number(), ok: z.literal(false), error: AppErrorDataSchema }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

function parseFrame<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A frame from a browser tab, or null for anything else (not JSON, not a frame). */
export const parseClientFrame = (text: string): ClientFrame | null => parseFrame(ClientFrameSchema, text);

/** A frame from serve mode, or null for anything else (not JSON, not a frame). */
export const parseServerFrame = (text: string): ServerFrame | null => parseFrame(ServerFrameSchema, text);
