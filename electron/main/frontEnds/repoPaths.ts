import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, found from this file (electron/main/frontEnds/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where `npm run build` puts the renderer. */
export const builtRendererDir = join(repoRoot, 'out', 'renderer');
