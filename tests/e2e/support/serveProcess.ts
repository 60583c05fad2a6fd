import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

export interface ServeProcess {
  url: string;
  origin: string;
  /** The throwaway user-data folder (CACHESCOPE_HOME), removed by stop(). */
  home: string;
  output: () => string;
  /** False once the process exited (a crash, if the test did not stop it). */
  running: () => boolean;
  /** Null while the process runs: a crash shows here. */
  exitCode: () => number | null;
  stop(): Promise<void>;
}

/**
/**
 * Starts `cachescope serve` exactly as a user does (any free port, a throwaway user-data
 * folder): the checkout's built CLI, `program` (e.g. an installed one), or a TypeScript entry
 * run with tsx that prints the same URL line (the fuzz suite's, which needs no build).
 */
export async function startServe(env: NodeJS.ProcessEnv = {}, program = join(root, 'bin', 'cachescope.mjs')): Promise<ServeProcess> {
  const home = mkdtempSync(join(tmpdir(), 'cachescope-e2e-'));
  const args = program.endsWith('.ts')
    ? [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, program), '--port', '0']
    : [program, 'serve', '--port', '0'];
  const child: ChildProcess = spawn(
    process.execPath,
    args,
    { cwd: root, env: { ...process.env, CACHESCOPE_HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: on a loaded machine tsx compiling the core alone can take most of a minute.
    const timer = setTimeout(() => reject(new Error(`serve mode printed no URL in 120 s:\n${output}`)), 120_000);
    const onData = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve mode exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    home,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
