import { readFileSync } from 'node:fs';

/** CPU time of a process's main thread or of a thread (`/proc/<path>/schedstat`, in ns), in microseconds. */
export function cpuMicrosOf(path: number | string): number {
  return Number(readFileSync(`/proc/${path}/schedstat`, 'utf8').split(' ')[0]) / 1_000;
}
