import {
  FlushAckMessageSchema,
  FlushCommandMessageSchema,
  type FlushAckMessage,
  type FlushCommandMessage,
} from '../../shared/writeBehindProtocol';

/**
 * `cache.writes.control` messages (docs/write-behind-conventions.md §4). The schemas are the dashboard's own
 * (shared/writeBehindProtocol.ts), so both ends of the protocol parse the same shapes.
 */
export const FlushCommandSchema = FlushCommandMessageSchema;
export type FlushCommand = FlushCommandMessage;
export const FlushAckSchema = FlushAckMessageSchema;
export type FlushAck = FlushAckMessage;

/** The flush command in a control record, or undefined for acks, other types and garbage. */
export function parseFlushCommand(value: Buffer | string | null): FlushCommand | undefined {
  if (value == null) return undefined;
  try {
    const parsed = FlushCommandSchema.safeParse(JSON.parse(value.toString()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
