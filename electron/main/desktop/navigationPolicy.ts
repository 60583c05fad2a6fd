import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What the window may load, navigate to, open and grant. Kept free of 'electron' so every
 * decision is a pure function the unit tests can call; mainWindow.ts only wires them up.
 */

/** Where our renderer comes from: the built files, or the dev server during `npm run dev`. */
export interface RendererSource {
  rendererDir: string;
  devServerUrl?: string | undefined;
}

/**
 * Hosts whose https pages a link may open in the user's browser: the documentation of the
 * services CacheScope watches and the project's home. Anything else stays unopened.
 */
export const externalLinkHosts: readonly string[] = [
  'github.com',
  'redis.io',
  'www.postgresql.org',
  'kafka.apache.org',
];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Our renderer's own pages. Origins are compared parsed, never as string prefixes:
 * `http://localhost:5173.evil.com` shares a prefix with the dev server and nothing else.
 * A file URL must resolve (dot segments and all) inside the renderer's folder.
 */
export function isTrustedRendererUrl(url: string, source: RendererSource): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (source.devServerUrl) {
    const dev = parse(source.devServerUrl);
    if (dev && parsed.protocol === dev.protocol && parsed.origin === dev.origin) return true;
  }
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false;
  const dir = pathToFileURL(source.rendererDir.endsWith(sep) ? source.rendererDir : source.rendererDir + sep);
  return parsed.pathname.startsWith(dir.pathname);
}

/** A link the user clicked that may open in their browser: https, no credentials, an allowed host. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = externalLinkHosts): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password || parsed.port) return false;
  return hosts.includes(parsed.hostname);
}

/**
 * A download the window may save: a file our own page made (a `blob:` URL: the incident
 * export, the audit CSV), started by our own page. Anything else — a link to a remote file,
 * a page that is not ours — is cancelled.
 */
export function isAllowedDownload(downloadUrl: string, pageUrl: string, source: RendererSource): boolean {
  return parse(downloadUrl)?.protocol === 'blob:' && isTrustedRendererUrl(pageUrl, source);
}

/**
 * Camera, microphone, geolocation, notifications, clipboard reads…: the dashboard needs
 * none, and Electron grants what no handler refuses. Every request and check is denied.
 */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}
