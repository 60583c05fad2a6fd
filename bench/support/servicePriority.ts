import { execFileSync } from 'node:child_process';
import { availableParallelism, setPriority } from 'node:os';

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

/** A probe never sleeps between its GETs: real-time, it would starve its CPU (the server's too), so it gets the niceness at most. */
export function prioritiseProbe(pid: number, priority: ServicePriority): string {
  return prioritiseService(pid, priority === 'realtime' ? 'nice' : priority);
}

/**
 * Where the processes run: the service side (redis-server and the probe standing in for its
 * application) on CPU 0, the tools under test (this process with the core, redis-cli) on the
 * others — as if the tool ran on an engineer's laptop and the cache on a server. Null when
 * the machine has one CPU or no `taskset`.
 */
export function cpuPlacement(): { service: string; tools: string } | null {
  const cpus = availableParallelism();
  if (cpus < 2) return null;
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { service: '0', tools: `1-${cpus - 1}` };
}

/** Moves every thread of a process to the CPUs given (its children started later follow). */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' });
}
