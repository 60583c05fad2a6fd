import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Cookies are shared by every port of a host: each serve instance names its own, so two
 * instances on 127.0.0.1 never overwrite (nor receive) each other's token.
 */
export function tokenCookieName(port: number): string {
  return `cachescope_token_${port}`;
}

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A cookie's raw value: our token is base64url, so nothing needs decoding (nor can break it). */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator >= 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}

/** The token a request carries in the query (first visit, scripts) or the session cookie. */
export function requestCarriesToken(
  req: IncomingMessage,
  url: URL,
  expected: string,
  port: number,
): 'query' | 'cookie' | null {
  if (sameToken(expected, url.searchParams.get('token'))) return 'query';
  if (sameToken(expected, cookieValue(req.headers.cookie, tokenCookieName(port)))) return 'cookie';
  return null;
}
