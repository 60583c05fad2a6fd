import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'cachescope.mjs');
const run = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The `cachescope` command as a user runs it, with `env` over this process's; a non-zero exit is an answer, not a throw. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(bin, args, { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A `cachescope` that runs until stopped (`--watch`), its stdout read line by line as it is written. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** The next line on stdout, as soon as the CLI writes it. */
  nextLine(): Promise<string>;
  /** Its exit code and everything it wrote on stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(bin, args, { cwd: root, env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    exited,
    async nextLine() {
      const { value, done } = await lines.next();
      if (done) throw new Error(`cachescope ${args.join(' ')} ended without another line; stderr: ${stderr}`);
      return value;
    },
  };
}
