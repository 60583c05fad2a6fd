import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseClientFrame, type ServerFrame } from '../../../shared/wire';
import { AppError, toAppErrorData } from '../../../shared/errors';
import type { Core } from '../core/core';
import { bridgeEvents } from '../frontEnds/eventBridge';
import { newAccessToken, requestCarriesToken, tokenCookieName } from './accessToken';
import { hostAllowed, originAllowed, requestUrl, sameOriginLocation, securityHeaders } from './requestChecks';

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
/** Calls one socket may have running at once; more are answered BUSY, not queued. */
export const maxCallsInFlight = 32;

function plainText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** Answers an upgrade we will not take, on a socket that no HTTP machinery owns any more. */
function refuseUpgrade(socket: Duplex, status: number, headers: Record<string, string>): void {
  const lines = Object.entries({ ...headers, connection: 'close', 'content-length': '0' }).map(([k, v]) => `${k}: ${v}`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n`);
}

/**
 * Serve mode: the built renderer and the core's typed API over a WebSocket, on
 * 127.0.0.1 only, behind a random token. The first visit carries the token in the
 * URL; it becomes an HttpOnly cookie and the URL is cleaned. Every request is untrusted:
 * a malformed one gets a 4xx, never the process.
 */
export async function startServeServer(options: ServeOptions): Promise<ServeHandle> {
  const { core, staticDir } = options;
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${staticDir}/index.html is missing): run npm run build`);
  }
  const token = options.token ?? newAccessToken();
  const assets = sirv(staticDir, { dev: false, etag: true, single: true });
  let port = options.port;

  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req, port)) return plainText(res, 403, 'CacheScope serve mode answers only as 127.0.0.1 or localhost.\n');
    const url = requestUrl(req, port);
    if (!url) return plainText(res, 400, 'bad request\n');
    const carried = requestCarriesToken(req, url, token, port);
    if (!carried) return plainText(res, 401, 'CacheScope serve mode: open the URL with its token, as printed in the terminal.\n');
    if (carried === 'query') {
      res.writeHead(303, {
        'set-cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: sameOriginLocation(url),
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    assets(req, res, () => plainText(res, 404, 'not found\n'));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(securityHeaders(port))) res.setHeader(name, value);
    try {
      answer(req, res);
    } catch {
      if (res.headersSent) res.destroy();
      else plainText(res, 400, 'bad request\n');
    }
  });
  // A client that resets or sends garbage before a request is parsed: answer 400 when we still can.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without its error listener: a client reset would be uncaught.
    socket.on('error', () => socket.destroy());
    const headers = securityHeaders(port);
    if (!hostAllowed(req, port)) return refuseUpgrade(socket, 403, headers);
    const url = requestUrl(req, port);
    if (!url) return refuseUpgrade(socket, 400, headers);
    if (url.pathname !== '/ws' || !requestCarriesToken(req, url, token, port) || !originAllowed(req, port)) {
      return refuseUpgrade(socket, 401, headers);
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

/**
 * One browser tab: requests in, results and coalesced events out, released on close. A frame
 * that is not a frame closes this socket; nothing a client sends reaches the process.
 */
function serveClient(core: Core, ws: WebSocket): void {
  let inFlight = 0;
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const events = bridgeEvents(core.onEvent, ({ name, payload }) => send({ kind: 'event', name, payload }));
  ws.on('close', () => void events.dispose());
  // Too big, not UTF-8, unmasked: ws has already closed this socket with the matching code.
  ws.on('error', () => undefined);
  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? null : parseClientFrame(String(data));
    if (!frame) {
      ws.close(1003, 'malformed frame');
      return;
    }
    const { id, method, input } = frame;
    if (inFlight >= maxCallsInFlight) {
      const busy = new AppError('BUSY', `${maxCallsInFlight} calls are already running on this connection`);
      send({ kind: 'result', id, ok: false, error: busy.toData() });
      return;
    }
    inFlight += 1;
    core
      .invoke(method, input)
      .then(
        (output) => send({ kind: 'result', id, ok: true, output }),
        (err: unknown) => send({ kind: 'result', id, ok: false, error: toAppErrorData(err) }),
      )
      .finally(() => {
        inFlight -= 1;
      });
  });
}
