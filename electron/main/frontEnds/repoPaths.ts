import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The first folder up from `start` that holds a package.json: the checkout when running the
 * sources (electron/main/frontEnds/), the installed package when running the built CLI
 * (out/cli/ under the npm prefix).
 */
export function packageRootFrom(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const packageRoot = packageRootFrom(dirname(fileURLToPath(import.meta.url)));

/** Where `npm run build` puts the renderer; the package ships it. */
export const builtRendererDir = join(packageRoot, 'out', 'renderer');
