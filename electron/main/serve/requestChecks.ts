import type { IncomingMessage } from 'node:http';

/** The addresses serve mode answers as: anything else is another site's name for 127.0.0.1. */
function ownAuthorities(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * The request's URL, or null when it does not parse (`GET //`, `GET http://[`). Relative to
 * our own origin, so an absolute-form request line cannot name another host.
 */
export function requestUrl(req: IncomingMessage, port: number): URL | null {
  try {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    return url.host === `127.0.0.1:${port}` ? url : null;
  } catch {
    return null;
  }
}

/**
 * DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 reaches us with
 * `Host: evil.example:<port>`. Only our own names pass.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && ownAuthorities(port).includes(host);
}

/**
 * A browser page from another site may open a WebSocket to 127.0.0.1 too; only pages
 * served by us (or clients that send no Origin, like scripts) are let in.
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return ownAuthorities(port).some((authority) => origin === `http://${authority}`);
}

/**
 * Where to send the browser after a token login: the same path on our own origin. Runs of
 * slashes collapse, so the path can never read as `//other.host/`.
 */
export function sameOriginLocation(url: URL): string {
  const search = new URLSearchParams(url.searchParams);
  search.delete('token');
  const query = search.toString();
  return `${url.pathname.replace(/[/\\]+/g, '/')}${query ? `?${query}` : ''}`;
}

/**
 * Sent with every response, assets and errors included. The CSP matches the renderer's own
 * meta tag and adds what only a header can say: never framed (clickjacking).
 */
export function securityHeaders(port: number): Record<string, string> {
  const sockets = ownAuthorities(port).map((authority) => `ws://${authority}`).join(' ');
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ${sockets}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}
