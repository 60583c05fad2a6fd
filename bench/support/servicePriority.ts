import { execFileSync } from 'node:child_process';
import { setPriority } from 'node:os';

export type ServicePriority = 'realtime' | 'nice' | 'off';

export function parseServicePriority(raw: string): ServicePriority {
  if (raw === 'realtime' || raw === 'nice' || raw === 'off') return raw;
  throw new Error(`--service-priority must be realtime, nice or off, not ${JSON.stringify(raw)}`);
}

/**
 * In real use the cache and its application run on servers, and the tools (redis-cli,
 * CacheScope) on a laptop. On one small machine the tools' CPU would slow the server and the
 * probe standing in for its application, and the kernel would deschedule redis-server in the
 * middle of a command, which SLOWLOG then reports as a slow call. Giving the service side the
 * CPU first (SCHED_FIFO with `chrt`, else a lower niceness; both need root) measures what the
 * tools cost the server rather than what they cost the scheduler. Returns how it was applied.
 */
export function prioritiseService(pid: number, priority: ServicePriority): string {
  if (priority === 'off') return 'same priority as the tools';
  if (priority === 'realtime') {
    try {
      execFileSync('chrt', ['--fifo', '--pid', '10', String(pid)], { stdio: 'ignore' });
      return 'SCHED_FIFO 10 (chrt)';
    } catch {
      // not permitted or no chrt: fall back to niceness
    }
  }
  try {
    setPriority(pid, -10);
    return 'niceness -10';
  } catch (error) {
    return `same priority as the tools (${(error as Error).message})`;
  }
}

/** A probe never sleeps between its GETs: real-time scheduling would starve the machine, so it gets the niceness at most. */
export function prioritiseProbe(pid: number, priority: ServicePriority): string {
  return prioritiseService(pid, priority === 'realtime' ? 'nice' : priority);
}
