import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientFrameSchema, type ServerFrame } from '../../../shared/wire';
import { toAppErrorData } from '../../../shared/errors';
import type { Core } from '../core/core';
import { bridgeEvents } from '../frontEnds/eventBridge';
import { newAccessToken, originAllowed, requestCarriesToken, tokenCookieName } from './accessToken';

export interface ServeOptions {
  core: Core;
  /** The built renderer (`out/renderer`). */
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface ServeHandle {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const maxFrameBytes = 1 << 20;

function deny(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * Serve mode: the built renderer and the core's typed API over a WebSocket, on
 * 127.0.0.1 only, behind a random token. The first visit carries the token in the
 * URL; it becomes an HttpOnly cookie and the URL is cleaned.
 */
export async function startServeServer(options: ServeOptions): Promise<ServeHandle> {
  const { core, staticDir } = options;
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${staticDir}/index.html is missing): run npm run build`);
  }
  const token = options.token ?? newAccessToken();
  const assets = sirv(staticDir, { dev: false, etag: true, single: true });
  let port = options.port;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const carried = requestCarriesToken(req, token);
    if (!carried) {
      deny(res, 401, 'CacheScope serve mode: open the URL with its token, as printed in the terminal.\n');
      return;
    }
    if (carried === 'query') {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': `${tokenCookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    assets(req, res, () => deny(res, 404, 'not found\n'));
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/ws' || !requestCarriesToken(req, token) || !originAllowed(req, port)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveClient(core, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on 127.0.0.1 is already in use: pass --port N (or --port 0 for any free port)`)
          : err,
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One browser tab: requests in, results and coalesced events out, released on close. */
function serveClient(core: Core, ws: WebSocket): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const events = bridgeEvents(core.onEvent, ({ name, payload }) => send({ kind: 'event', name, payload }));
  ws.on('close', () => void events.dispose());
  ws.on('message', (data) => {
    let frame;
    try {
      frame = ClientFrameSchema.parse(JSON.parse(String(data)));
    } catch {
      ws.close(1003, 'malformed frame');
      return;
    }
    const { id, method, input } = frame;
    core.invoke(method, input).then(
      (output) => send({ kind: 'result', id, ok: true, output }),
      (err: unknown) => send({ kind: 'result', id, ok: false, error: toAppErrorData(err) }),
    );
  });
}
