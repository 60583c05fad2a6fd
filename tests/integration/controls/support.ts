import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis, Cluster } from 'ioredis';
import type { Core } from '../../../electron/main/core/core';
import { waitForJob } from '../../../electron/main/cli/waitForJob';
import type { AuditRecord } from '../../../shared/contracts/audit';
import type { JobSnapshot } from '../../../shared/contracts/jobs';

/** Every key `SCAN … MATCH pattern` returns on one server, by hex: the set an invalidation must delete. */
export async function scanSet(redis: Redis, pattern: Buffer): Promise<Set<string>> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = (await redis.callBuffer('SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000')) as [Buffer, Buffer[]];
    cursor = next.toString();
    for (const key of keys) found.add(key.toString('hex'));
  } while (cursor !== '0');
  return found;
}

/** Every key of every given server, by hex. */
export async function allKeys(servers: readonly (Redis | Cluster)[]): Promise<Set<string>> {
  const all = new Set<string>();
  for (const server of servers) for (const key of await scanSet(server as Redis, Buffer.from('*'))) all.add(key);
  return all;
}

/** Starts a job through the core and waits for its end. */
export async function runJob(core: Core, started: Promise<JobSnapshot>): Promise<JobSnapshot> {
  const job = await started;
  return waitForJob(core, job.id);
}

/** The audit log's records, oldest first (read raw, as a person would). */
export function auditRecords(home: string): AuditRecord[] {
  try {
    return readFileSync(join(home, 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as AuditRecord);
  } catch {
    return [];
  }
}
