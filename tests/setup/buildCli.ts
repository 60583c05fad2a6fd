import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Integration suites run `bin/cachescope.mjs`, the built CLI: build it first (a second or two). */
export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
