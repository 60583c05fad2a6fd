import type { GroupMember } from './contracts/writeBehind';

/**
 * Which member of the flusher group sent an ack. The demo's worker id is its Kafka client
 * id; other flushers may send their memberId, or a worker id their client id ends with.
 */
export function ackMember(worker: string, members: readonly GroupMember[]): GroupMember | null {
  return (
    members.find((m) => m.clientId === worker || m.memberId === worker) ??
    members.find((m) => m.memberId.startsWith(`${worker}-`) || m.clientId.endsWith(`-${worker}`)) ??
    null
  );
}

/** A flush that ended longer ago than this is history ("last flush at …"), not a fresh result. */
export const freshFlushMs = 3 * 60_000;

export function flushIsFresh(endedAt: number, now: number): boolean {
  return now - endedAt < freshFlushMs;
}
