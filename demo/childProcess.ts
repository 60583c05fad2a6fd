import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChildOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each line of stdout and stderr; default: print it as is. */
  onLine?: (line: string) => void;
  /**
   * Give the child an IPC channel: when this process dies, however it dies, the channel
   * closes and the child's 'disconnect' handler shuts it down. Only for our Node scripts.
   */
  ipc?: boolean;
  /** Inherit the terminal instead of piping (for the Electron app). */
  inheritOutput?: boolean;
}

/**
 * A child process the demo owns. It runs in its own process group, so a Ctrl-C in the
 * terminal reaches only the demo runner, which then stops the children in order; a child
 * that also got the terminal's SIGINT would flush in parallel with everything else.
 */
export class ManagedChild {
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    options: ManagedChildOptions,
  ) {
    const stdio: SpawnOptions['stdio'] = options.inheritOutput
      ? ['ignore', 'inherit', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])]
      : ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])];
    this.child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio, detached: true });
    const onLine = options.onLine ?? ((line: string) => console.log(line));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', onLine);
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
      this.child.once('error', (err) => {
        onLine(`[${name}] could not start: ${err.message}`);
        resolve({ code: 127, signal: null });
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** SIGTERM to the child's process group; SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs: number): Promise<ExitStatus> {
    if (!this.running) return this.exited;
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal); // the whole group: npx, and whatever it started
    } catch {
      this.child.kill(signal);
    }
  }
}

/** A TypeScript entry point of this repository, run by Node with tsx's loader (one process, no npx). */
export function nodeScript(script: string, args: string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', script, ...args] };
}

/** The first of `names` found on PATH, for optional helpers such as xdg-open. */
export function findExecutable(names: string[], path = process.env.PATH ?? ''): string | undefined {
  for (const name of names) {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
