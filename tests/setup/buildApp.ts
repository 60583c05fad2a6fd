import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import buildCli from './buildCli';

/** The e2e suite drives the built renderer through the built CLI's serve verb, so it builds both first. */
export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  buildCli();
}
