import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const tokenCookieName = 'cachescope_token';

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The token a request carries in the query (first visit, scripts) or the session cookie. */
export function requestCarriesToken(req: IncomingMessage, expected: string): 'query' | 'cookie' | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (sameToken(expected, url.searchParams.get('token'))) return 'query';
  if (sameToken(expected, cookieValue(req.headers.cookie, tokenCookieName))) return 'cookie';
  return null;
}

/**
 * A browser page from another site may open a WebSocket to 127.0.0.1 too; only pages
 * served by us (or clients that send no Origin, like scripts) are let in.
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
