import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The e2e suite drives the built renderer, so it builds first (a few seconds). */
export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
