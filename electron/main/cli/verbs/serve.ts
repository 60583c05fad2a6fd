import { appVersion } from '../../core/appVersion';
import { log } from '../../core/logging/logger';
import { builtRendererDir } from '../../frontEnds/repoPaths';
import { nextShutdownSignal } from '../../frontEnds/shutdown';
import { exitCodes, usageError } from '../cliResult';
import { defineVerb, profileOption } from '../verb';

const defaultPort = 4780;

function parsePort(raw: string): number | undefined {
  const port = Number(raw);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

/** `serve`: the dashboard for a browser, until Ctrl-C. */
export const serveVerb = defineVerb({
  name: 'serve',
  summary: 'serve the dashboard to a browser on 127.0.0.1, behind a token',
  description:
    'Serves CacheScope on http://127.0.0.1:N behind a random token, printed as a ready-to-open\n' +
    `URL. The port is --port, else CACHESCOPE_PORT, else ${defaultPort}; 0 picks a free one.`,
  options: {
    port: { type: 'string', value: 'N', description: `listen on port N (${defaultPort}; 0 = any free port)` },
    ...profileOption,
  },
  exits: { 0: 'stopped by SIGTERM (130 after Ctrl-C)', 3: 'could not start: the port is taken, the renderer is missing…' },
  async run({ core, values, out }) {
    const raw = values.port ?? process.env.CACHESCOPE_PORT ?? String(defaultPort);
    const port = parsePort(raw);
    if (port === undefined) return usageError(`--port must be a whole number from 0 to 65535, got "${raw}"`);
    const session = await core('serve');
    // ws and sirv load only for this verb: `cachescope health` starts without them.
    const { startServeServer } = await import('../../serve/serveServer');
    const server = await startServeServer({ core: session, staticDir: builtRendererDir, port });
    log.info(`CacheScope ${appVersion} serve mode started on 127.0.0.1:${server.port} (pid ${process.pid})`);
    out.text(`CacheScope is serving on 127.0.0.1:${server.port}. Open:\n\n  ${server.url}\n\nPress Ctrl-C to stop.`);
    // Before any tab opens: the first minutes are charted whenever someone looks.
    await session.startWatching();
    const signal = await nextShutdownSignal();
    await server.close();
    return { output: '', exitCode: signal === 'SIGINT' ? 130 : exitCodes.ok };
  },
});
