import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../../electron/main/core/core';
import { nextShutdownSignal } from '../../../electron/main/frontEnds/shutdown';
import { startServeServer } from '../../../electron/main/serve/serveServer';

/**
 * Serve mode as the `serve` verb (`electron/main/cli/verbs/serve.ts`) runs it, over a stand-in renderer (a page and
 * an asset), so the fuzz suite needs no build. CACHESCOPE_PROFILE picks the profile.
 */
const staticDir = mkdtempSync(join(tmpdir(), 'cachescope-fuzz-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>CacheScope</title>');
writeFileSync(join(staticDir, 'app.js'), 'export {};\n');
const core = await Core.create({ frontEnd: 'serve', profileId: process.env.CACHESCOPE_PROFILE ?? 'local' });
const server = await startServeServer({ core, staticDir, port: 0 });
console.log(`serving ${server.url}`);
const signal = await nextShutdownSignal();
await server.close();
await core.dispose();
rmSync(staticDir, { recursive: true, force: true });
process.exit(signal === 'SIGINT' ? 130 : 0);
