import { parseArgs } from 'node:util';
import { appVersion } from '../core/appVersion';
import { Core } from '../core/core';
import { log } from '../core/logging/logger';
import { startProcessLog } from '../core/logging/processLog';
import { defaultUserDataDir } from '../core/profiles/userDataDir';
import { builtRendererDir } from '../frontEnds/repoPaths';
import { onShutdownSignal } from '../frontEnds/shutdown';
import { startServeServer } from './serveServer';

const usage = `usage: npm run serve -- [--port N] [--profile ID]

Serves CacheScope to a browser on http://127.0.0.1:N (default 4780; 0 = any free
port) behind a random token, printed as a ready-to-open URL.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.CACHESCOPE_PORT ?? '4780' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  }
  const userDataDir = defaultUserDataDir();
  const logFile = startProcessLog({ userDataDir });
  const core = await Core.create({ frontEnd: 'serve', userDataDir, ...(values.profile ? { profileId: values.profile } : {}) });
  const server = await startServeServer({ core, staticDir: builtRendererDir, port }).catch(async (err: unknown) => {
    await core.dispose();
    throw err;
  });
  onShutdownSignal(async () => {
    await server.close();
    await core.dispose();
  });
  log.info(`CacheScope ${appVersion} serve mode started on 127.0.0.1:${server.port} (pid ${process.pid}, log ${logFile ?? 'stderr only'})`);
  console.log(`CacheScope is serving on 127.0.0.1:${server.port}. Open:\n\n  ${server.url}\n\nPress Ctrl-C to stop.`);
  // Before any tab opens: the first minutes are charted whenever someone looks.
  await core.startWatching();
}

main().catch((err: unknown) => {
  console.error(`cachescope serve: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
