import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { mainWindowOptions } from '../../../electron/main/desktop/mainWindowOptions';
import {
  isAllowedDownload,
  isAllowedExternalUrl,
  isPermissionAllowed,
  isTrustedRendererUrl,
  type RendererSource,
} from '../../../electron/main/desktop/navigationPolicy';

const rendererDir = join('/opt', 'CacheScope', 'resources', 'app', 'out', 'renderer');
const built: RendererSource = { rendererDir };
const dev: RendererSource = { rendererDir, devServerUrl: 'http://localhost:5173/' };
const page = (path: string) => pathToFileURL(join(rendererDir, path)).href;

describe('which pages are our renderer', () => {
  test('the built files, hash routes included', () => {
    expect(isTrustedRendererUrl(page('index.html'), built)).toBe(true);
    expect(isTrustedRendererUrl(`${page('index.html')}#/write-behind`, built)).toBe(true);
  });

  test('a file outside the renderer folder, by prefix or by dot segments, is not', () => {
    expect(isTrustedRendererUrl(pathToFileURL(`${rendererDir}-evil/index.html`).href, built)).toBe(false);
    expect(isTrustedRendererUrl(`${pathToFileURL(rendererDir).href}/../../../../../etc/passwd`, built)).toBe(false);
    expect(isTrustedRendererUrl(`file://evil.example${page('index.html').slice('file://'.length)}`, built)).toBe(false);
  });

  test('the dev server only by its exact origin, never by a string prefix', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/#/cache', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173.evil.com/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173@evil.com/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', built)).toBe(false);
  });

  test('garbage and other schemes are not', () => {
    for (const url of ['', 'not a url', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'about:blank']) {
      expect(isTrustedRendererUrl(url, dev), url).toBe(false);
    }
  });
});

describe('which links open in the browser', () => {
  test('https links to an allowed host', () => {
    expect(isAllowedExternalUrl('https://redis.io/docs/latest/commands/info/')).toBe(true);
    expect(isAllowedExternalUrl('https://kafka.apache.org/documentation/')).toBe(true);
  });

  test('anything else: http, other hosts, look-alikes, credentials, ports, other schemes', () => {
    for (const url of [
      'http://redis.io/',
      'https://evil.example/',
      'https://redis.io.evil.example/',
      'https://redis.io@evil.example/',
      'https://user:pw@redis.io/',
      'https://redis.io:8443/',
      'file:///etc/passwd',
      'smb://share/x',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

test('every permission request and check is denied', () => {
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
    expect(isPermissionAllowed(permission), permission).toBe(false);
  }
});

test('the main window is isolated and sandboxed, without Node in the page', () => {
  const options = mainWindowOptions('/opt/CacheScope/out/main');
  expect(options.webPreferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
  });
  expect(options.webPreferences.preload).toBe(join('/opt/CacheScope/out/preload/index.cjs'));
  expect(options.icon).toBe(join('/opt/CacheScope/resources/icon.png'));
});

describe('which downloads the window saves', () => {
  test('a file our own page made (blob:), from our own page', () => {
    expect(isAllowedDownload('blob:null/7d1c2a1e-0000-4000-8000-000000000000', `${page('index.html')}#/timeline`, built)).toBe(true);
    expect(isAllowedDownload('blob:http://localhost:5173/7d1c2a1e', 'http://localhost:5173/#/audit', dev)).toBe(true);
  });

  test('a remote file, or any file started by a page that is not ours, is not', () => {
    expect(isAllowedDownload('https://evil.example/payload.html', page('index.html'), built)).toBe(false);
    expect(isAllowedDownload('file:///etc/passwd', page('index.html'), built)).toBe(false);
    expect(isAllowedDownload('blob:https://evil.example/1', 'https://evil.example/', built)).toBe(false);
  });
});
