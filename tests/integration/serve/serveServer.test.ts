import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import WebSocket from 'ws';
import { Core } from '../../../electron/main/core/core';
import { maxCallsInFlight, startServeServer, type ServeHandle } from '../../../electron/main/serve/serveServer';
import { rawExchange } from '../../fuzz/support/rawSocket';
import type { ServerFrame } from '../../../shared/wire';
import { endpointsToEnv } from '../../../demo/config';

const endpoints = inject('endpoints');
const home = mkdtempSync(join(tmpdir(), 'cachescope-serve-'));
const staticDir = mkdtempSync(join(tmpdir(), 'cachescope-static-'));
let core: Core;
let server: ServeHandle;

beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>CacheScope</title>');
  writeFileSync(join(staticDir, 'app.js'), 'export {};\n');
  core = await Core.create({
    frontEnd: 'serve',
    env: {
      CACHESCOPE_HOME: home,
      ...endpointsToEnv(endpoints),
    },
  });
  server = await startServeServer({ core, staticDir, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await core?.dispose();
  rmSync(home, { recursive: true, force: true });
  rmSync(staticDir, { recursive: true, force: true });
});

function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

async function rawRequest(text: string): Promise<string> {
  // Asks the server to close after answering, so the answer is complete when the socket ends.
  return (await rawExchange(server.port, [text.replace(/\r\n\r\n$/, '\r\nconnection: close\r\n\r\n')])).text;
}

function call(ws: WebSocket, id: number, method: string, input: unknown): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      if (frame.kind === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'invoke', id, method, input }));
  });
}

test('binds to 127.0.0.1 and prints a URL with the token', () => {
  expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[\\w-]{20,}$`));
});

test('no token, no page', async () => {
  const response = await fetch(`http://127.0.0.1:${server.port}/`);
  expect(response.status).toBe(401);
  const wrong = await fetch(`http://127.0.0.1:${server.port}/?token=wrong`);
  expect(wrong.status).toBe(401);
});

test('the token becomes an HttpOnly cookie and the URL loses it', async () => {
  const first = await fetch(server.url, { redirect: 'manual' });
  expect(first.status).toBe(303);
  expect(first.headers.get('location')).toBe('/');
  const cookie = first.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  const page = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { cookie: cookie.split(';')[0]! } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>CacheScope</title>');
});

test('the WebSocket refuses a missing token and a foreign origin', async () => {
  await expect(openSocket('')).rejects.toThrow(/401/);
  await expect(openSocket(`?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/401/);
});

test('the typed API answers over the WebSocket, errors included', async () => {
  const ws = await openSocket(`?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
  const health = await call(ws, 1, 'health.check', { fresh: true });
  expect(health).toMatchObject({ kind: 'result', ok: true });
  expect(health.kind === 'result' && health.ok && (health.output as { redis: { ok: boolean } }).redis.ok).toBe(true);
  expect(await call(ws, 2, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  expect(await call(ws, 3, 'profiles.select', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  ws.close();
});

test('health changes are pushed as events', async () => {
  const ws = await openSocket(`?token=${server.token}`);
  const event = new Promise<ServerFrame>((resolve) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      if (frame.kind === 'event' && frame.name === 'health.changed') resolve(frame);
    }),
  );
  await call(ws, 1, 'health.check', {});
  expect(await event).toMatchObject({ kind: 'event', name: 'health.changed' });
  ws.close();
});

test('a malformed frame closes the socket instead of crashing the server', async () => {
  const ws = await openSocket(`?token=${server.token}`);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send('{not json');
  expect(await closed).toBe(1003);
  const again = await openSocket(`?token=${server.token}`);
  expect(await call(again, 1, 'app.info', {})).toMatchObject({ ok: true, output: { name: 'CacheScope', frontEnd: 'serve' } });
  again.close();
});

test('a Host other than 127.0.0.1:<port> or localhost:<port> is refused (DNS rebinding)', async () => {
  const asEvil = await rawRequest(`GET /?token=${server.token} HTTP/1.1\r\nhost: evil.example:${server.port}\r\n\r\n`);
  expect(asEvil).toMatch(/^HTTP\/1\.1 403/);
  const asLocalhost = await rawRequest(`GET /?token=${server.token} HTTP/1.1\r\nhost: localhost:${server.port}\r\n\r\n`);
  expect(asLocalhost).toMatch(/^HTTP\/1\.1 303/);
  await expect(openSocket(`?token=${server.token}`, { host: `evil.example:${server.port}` })).rejects.toThrow(/403/);
});

test('the token cookie is named after the port, so two serve instances never share it', async () => {
  const first = await fetch(server.url, { redirect: 'manual' });
  expect(first.headers.get('set-cookie')).toMatch(new RegExp(`^cachescope_token_${server.port}=`));
  const otherName = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { cookie: `cachescope_token=${server.token}` } });
  expect(otherName.status).toBe(401);
});

test('the redirect after a token login stays on our origin', async () => {
  for (const path of ['/x/..//evil.example/', '//evil.example/', '/\\evil.example/', '/a//b/']) {
    const answer = await rawRequest(`GET ${path}?token=${server.token}&keep=1 HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\n\r\n`);
    const location = /\r\nlocation: ([^\r]*)/i.exec(answer)?.[1];
    if (location === undefined) {
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
      continue;
    }
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(location).not.toContain('token');
    expect(new URL(location, `http://127.0.0.1:${server.port}`).host).toBe(`127.0.0.1:${server.port}`);
  }
});

test('every response carries the security headers: pages, assets, redirects and errors', async () => {
  const cookie = `cachescope_token_${server.port}=${server.token}`;
  const responses = [
    await fetch(`http://127.0.0.1:${server.port}/`, { headers: { cookie } }),
    await fetch(`http://127.0.0.1:${server.port}/app.js`, { headers: { cookie } }),
    await fetch(server.url, { redirect: 'manual' }),
    await fetch(`http://127.0.0.1:${server.port}/`),
    await fetch(`http://127.0.0.1:${server.port}/nothing-here.js`, { headers: { cookie } }),
  ];
  expect(responses.map((r) => r.status)).toEqual([200, 200, 303, 401, 404]);
  for (const response of responses) {
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  }
  const foreignHost = await rawRequest(`GET / HTTP/1.1\r\nhost: evil.example\r\ncookie: ${cookie}\r\n\r\n`);
  expect(foreignHost).toMatch(/^HTTP\/1\.1 403/);
  expect(foreignHost).toMatch(/\r\ncontent-security-policy: [^\r]*frame-ancestors 'none'/i);
  const refused = await rawRequest(`GET //ws HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n`);
  expect(refused).toMatch(/^HTTP\/1\.1 400/);
  expect(refused).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
});

test(`past ${maxCallsInFlight} calls in flight on one socket, the extra calls are answered BUSY`, async () => {
  const ws = await openSocket(`?token=${server.token}`);
  const calls = Array.from({ length: maxCallsInFlight + 8 }, (_, i) => call(ws, i + 1, 'health.check', { fresh: true }));
  const answers = await Promise.all(calls);
  const busy = answers.filter((a) => a.kind === 'result' && !a.ok && a.error.code === 'BUSY');
  expect(busy.length).toBeGreaterThan(0);
  expect(busy.length).toBeLessThanOrEqual(8);
  expect(answers.filter((a) => a.kind === 'result' && a.ok).length).toBe(answers.length - busy.length);
  // The socket is still good once they are done.
  expect(await call(ws, 1000, 'app.info', {})).toMatchObject({ ok: true });
  ws.close();
});
