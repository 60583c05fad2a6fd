import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import WebSocket from 'ws';
import { Core } from '../../../electron/main/core/core';
import { startServeServer, type ServeHandle } from '../../../electron/main/serve/serveServer';
import type { ServerFrame } from '../../../shared/wire';
import { endpointsToEnv } from '../../../demo/config';

const endpoints = inject('endpoints');
const home = mkdtempSync(join(tmpdir(), 'cachescope-serve-'));
const staticDir = mkdtempSync(join(tmpdir(), 'cachescope-static-'));
let core: Core;
let server: ServeHandle;

beforeAll(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>CacheScope</title>');
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
