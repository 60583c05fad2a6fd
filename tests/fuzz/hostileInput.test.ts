import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { events, methods, parseEvent, type EventName, type MethodName } from '../../shared/contract';
import { AppErrorDataSchema } from '../../shared/errors';
import { Core } from '../../electron/main/core/core';
import { invokeHandler, type InvokeReply } from '../../electron/main/desktop/invokeHandler';
import { tokenCookieName } from '../../electron/main/serve/accessToken';
import { parseServerFrame } from '../../shared/wire';
import { startServe, type ServeProcess } from '../e2e/support/serveProcess';
import { seedDeadLetters } from './support/deadLetterSeed';
import { fuzzProfile, type FuzzProfile } from './support/fuzzProfile';
import { hostileInputsFor, hostileValues } from './support/hostileValues';
import { openRawWebSocket, rawExchange, sendUntilClosed, upgradeRequest, wsFrame } from './support/rawSocket';
import { openTextClient, type Answer, type TextClient } from './support/wsClient';

/**
 * Hostile input at every door: each contract method and event, through serve mode's WebSocket
 * and the Electron IPC handler, and raw HTTP and WebSocket bytes. Serve mode runs in a child
 * process, so a crash is the child exiting. Every answer must be a result or an AppError.
 */

const endpoints = inject('endpoints');
const root = join(import.meta.dirname, '..', '..');
const methodNames = Object.keys(methods) as MethodName[];
const eventNames = Object.keys(events) as EventName[];

const tally = { websocketCalls: 0, ipcCalls: 0, eventPayloads: 0, frames: 0, rawHttp: 0, rawWebSocket: 0, crashes: 0 };
const methodsCovered = new Set<string>();
const eventsCovered = new Set<string>();

let profile: FuzzProfile;
let serve: ServeProcess;
let port: number;
let token: string;

async function startFuzzedServe(): Promise<void> {
  serve = await startServe({ CACHESCOPE_PROFILES: profile.file, CACHESCOPE_PROFILE: 'fuzz' }, 'tests/fuzz/support/serveEntry.ts');
  const url = new URL(serve.url);
  port = Number(url.port);
  token = url.searchParams.get('token')!;
}

beforeAll(async () => {
  profile = fuzzProfile(endpoints);
  await seedDeadLetters(endpoints, profile.profile.writeBehind!.dlqTopic!);
  await startFuzzedServe();
});

// A case that timed out while serve mode lay dead must not take the next one with it.
beforeEach(async () => {
  if (serve.exitCode() === null) return;
  await serve.stop();
  await startFuzzedServe();
});

afterAll(async () => {
  await serve?.stop();
  await profile?.cleanUp();
  const summary = {
    methodsCovered: methodsCovered.size,
    methodsInContract: methodNames.length,
    eventsCovered: eventsCovered.size,
    eventsInContract: eventNames.length,
    casesSent:
      tally.websocketCalls + tally.ipcCalls + tally.eventPayloads + tally.frames + tally.rawHttp + tally.rawWebSocket,
    ...tally,
  };
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'fuzz-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `fuzz: ${summary.methodsCovered}/${summary.methodsInContract} methods, ${summary.eventsCovered}/${summary.eventsInContract} events, ${summary.casesSent} cases sent, ${summary.crashes} crashes`,
  );
});

/** A good page request and a good call, answered. */
async function goodRequests(): Promise<void> {
  const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: `${tokenCookieName(port)}=${token}` } });
  expect(page.status).toBe(200);
  const client = await openTextClient(serve.origin, token);
  const answer = await client.request(1, JSON.stringify({ kind: 'invoke', id: 1, method: 'health.check', input: {} }));
  client.close();
  expect(answer).toMatchObject({ kind: 'frame', frame: { kind: 'result', ok: true } });
}

/**
 * Serve mode is still running and still answers. A crash is counted and serve mode restarted,
 * so that each later case fails (or passes) on its own.
 */
async function expectServeAlive(): Promise<void> {
  let failure: unknown;
  await goodRequests().catch((err: unknown) => (failure = err));
  for (let waited = 0; failure !== undefined && serve.exitCode() === null && waited < 3_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (serve.exitCode() !== null) {
    tally.crashes += 1;
    const output = serve.output();
    await serve.stop();
    await startFuzzedServe();
    expect.fail(`serve mode died:\n${output.slice(-2000)}`);
  }
  if (failure !== undefined) throw failure;
}

/** A reply is either a success for an input the schema accepts, or a well-formed AppError. */
function expectStructured(method: MethodName, input: unknown, reply: InvokeReply | { ok: boolean; error?: unknown }): void {
  if (reply.ok) {
    expect(methods[method].input.safeParse(input ?? undefined).success, `${method} succeeded on a malformed input`).toBe(true);
  } else {
    expect(AppErrorDataSchema.safeParse(reply.error).success, JSON.stringify(reply.error).slice(0, 300)).toBe(true);
  }
}

const invokeText = (id: number, method: string, inputJson: string) =>
  `{"kind":"invoke","id":${id},"method":${JSON.stringify(method)},"input":${inputJson}}`;

describe('every contract method over the WebSocket', () => {
  let client: TextClient;
  let nextId = 1;

  beforeAll(async () => {
    client = await openTextClient(serve.origin, token);
  });
  afterAll(() => client?.close());

  test.each(methodNames)('%s answers every malformed input with a result or an AppError', async (method) => {
    const cases = hostileInputsFor(methods[method].input);
    // In batches below the per-socket cap: the fuzzing itself must never be answered BUSY.
    for (let at = 0; at < cases.length; at += 16) {
      const batch = cases.slice(at, at + 16).map((c) => ({ ...c, id: nextId++ }));
      const answers: Answer[] = await Promise.all(batch.map((c) => client.request(c.id, invokeText(c.id, method, c.json))));
      tally.websocketCalls += batch.length;
      answers.forEach((answer, i) => {
        expect(answer.kind, `${method} ${batch[i]!.label}`).toBe('frame');
        if (answer.kind !== 'frame' || answer.frame.kind !== 'result') throw new Error('not a result');
        expectStructured(method, JSON.parse(batch[i]!.json), answer.frame);
      });
    }
    methodsCovered.add(method);
    await expectServeAlive();
  });
});

describe('malformed frames close that socket only', () => {
  const frames: Array<[string, string]> = [
    ['not JSON', '{not json'],
    ['empty text', ''],
    ['NaN', 'NaN'],
    ['null', 'null'],
    ['a number', '1e999'],
    ['an array', '[{"kind":"invoke","id":1,"method":"app.info"}]'],
    ['no kind', '{"id":1,"method":"app.info"}'],
    ['another kind', '{"kind":"result","id":1,"method":"app.info"}'],
    ['negative id', '{"kind":"invoke","id":-1,"method":"app.info"}'],
    ['fractional id', '{"kind":"invoke","id":1.5,"method":"app.info"}'],
    ['infinite id', '{"kind":"invoke","id":1e999,"method":"app.info"}'],
    ['string id', '{"kind":"invoke","id":"1","method":"app.info"}'],
    ['numeric method', '{"kind":"invoke","id":1,"method":5}'],
    ['deep nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['__proto__ envelope', '{"__proto__":{"kind":"invoke","id":1,"method":"app.info"}}'],
  ];

  test.each(frames)('%s', async (_label, text) => {
    const witness = await openTextClient(serve.origin, token);
    const client = await openTextClient(serve.origin, token);
    const answer = await client.request(1, text);
    tally.frames += 1;
    expect(answer).toEqual({ kind: 'closed', code: 1003 });
    // The other tab's socket is untouched.
    expect(await witness.request(7, invokeText(7, 'app.info', 'null'))).toMatchObject({ kind: 'frame', frame: { ok: true } });
    witness.close();
    await expectServeAlive();
  });

  test('unknown and prototype method names are UNKNOWN_METHOD, the socket stays open', async () => {
    const client = await openTextClient(serve.origin, token);
    const names = ['no.such', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x'.repeat(100_000)];
    for (const [i, name] of names.entries()) {
      const answer = await client.request(i + 1, invokeText(i + 1, name, '{}'));
      tally.frames += 1;
      expect(answer).toMatchObject({ kind: 'frame', frame: { ok: false, error: { code: 'UNKNOWN_METHOD' } } });
    }
    client.close();
  });

  test('extra envelope keys are ignored', async () => {
    const client = await openTextClient(serve.origin, token);
    const answer = await client.request(3, '{"kind":"invoke","id":3,"method":"app.info","extra":{"__proto__":{"x":1}}}');
    tally.frames += 1;
    expect(answer).toMatchObject({ kind: 'frame', frame: { ok: true, output: { frontEnd: 'serve' } } });
    client.close();
  });
});

describe('raw HTTP over TCP', () => {
  const host = () => `127.0.0.1:${port}`;
  const cases: Array<[string, () => Array<string | Buffer>, number | null, { reset?: boolean }?]> = [
    ['GET //', () => [`GET // HTTP/1.1\r\nhost: ${host()}\r\n\r\n`], 400],
    ['GET //evil.example/', () => [`GET //evil.example/?token=${token} HTTP/1.1\r\nhost: ${host()}\r\n\r\n`], 400],
    ['a request line with a broken absolute URL', () => [`GET http://[ HTTP/1.1\r\nhost: ${host()}\r\n\r\n`], 400],
    ['an absolute URL naming another host', () => [`GET http://evil.example/?token=${token} HTTP/1.1\r\nhost: ${host()}\r\n\r\n`], 400],
    ['a cookie that is not URL-encoding', () => [`GET / HTTP/1.1\r\nhost: ${host()}\r\ncookie: ${tokenCookieName(port)}=%E0%A4%A\r\n\r\n`], 401],
    ['a cookie header of separators', () => [`GET / HTTP/1.1\r\nhost: ${host()}\r\ncookie: ;;==;=;${'='.repeat(5000)}\r\n\r\n`], 401],
    ['a token query twice', () => [`GET /?token=x&token=${token} HTTP/1.1\r\nhost: ${host()}\r\n\r\n`], 401],
    ['a token of percent garbage', () => [`GET /?token=%E0%A4%A HTTP/1.1\r\nhost: ${host()}\r\n\r\n`], 401],
    ['no Host header', () => [`GET /?token=${token} HTTP/1.1\r\n\r\n`], 400],
    ['HTTP/1.0 without Host', () => [`GET /?token=${token} HTTP/1.0\r\n\r\n`], 403],
    ['a foreign Host (DNS rebinding)', () => [`GET /?token=${token} HTTP/1.1\r\nhost: evil.example:${port}\r\n\r\n`], 403],
    ['a Host on another port', () => [`GET /?token=${token} HTTP/1.1\r\nhost: 127.0.0.1:1\r\n\r\n`], 403],
    ['two Host headers, a foreign one first', () => [`GET /?token=${token} HTTP/1.1\r\nhost: evil.example\r\nhost: ${host()}\r\n\r\n`], 403],
    ['a binary request line', () => [Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])], 400],
    ['a header without a colon', () => [`GET / HTTP/1.1\r\nhost: ${host()}\r\nnonsense\r\n\r\n`], 400],
    ['an oversized header', () => [`GET / HTTP/1.1\r\nhost: ${host()}\r\nx: ${'a'.repeat(100_000)}\r\n\r\n`], 431],
    ['a reset in the middle of a request', () => [`GET / HTTP/1.1\r\nhost: ${host()}\r\ncookie: a`], null, { reset: true }],
    ['a reset after a full request', () => [`GET /?token=${token} HTTP/1.1\r\nhost: ${host()}\r\n\r\n`], null, { reset: true }],
    ['a body that never comes', () => [`POST / HTTP/1.1\r\nhost: ${host()}\r\ncontent-length: 100\r\n\r\nabc`], null, { reset: true }],
    ['an upgrade without a token', () => [upgradeRequest('/ws', { host: host() })], 401],
    ['an upgrade to GET //', () => [upgradeRequest(`//?token=${token}`, { host: host() })], 400],
    ['an upgrade with a broken URL', () => [upgradeRequest('http://[', { host: host() })], 400],
    ['an upgrade with a cookie that is not URL-encoding', () => [upgradeRequest('/ws', { host: host(), cookie: `${tokenCookieName(port)}=%E0%A4%A` })], 401],
    ['an upgrade from a foreign Host', () => [upgradeRequest(`/ws?token=${token}`, { host: `evil.example:${port}` })], 403],
    ['an upgrade from a foreign Origin', () => [upgradeRequest(`/ws?token=${token}`, { host: host(), origin: 'http://evil.example' })], 401],
    ['an upgrade with a bad key', () => [upgradeRequest(`/ws?token=${token}`, { host: host(), 'sec-websocket-key': '!' })], 400],
    ['an upgrade with a bad version', () => [upgradeRequest(`/ws?token=${token}`, { host: host(), 'sec-websocket-version': '99' })], 400],
    ['a refused upgrade reset by the client', () => [upgradeRequest('/ws', { host: host() })], null, { reset: true }],
    ['an accepted upgrade reset by the client', () => [upgradeRequest(`/ws?token=${token}`, { host: host() })], null, { reset: true }],
  ];

  test.each(cases)('%s', async (_label, chunks, status, options) => {
    const answer = await rawExchange(port, chunks(), options);
    tally.rawHttp += 1;
    await expectServeAlive();
    if (status !== null) {
      expect(answer.status, answer.text.slice(0, 200)).toBe(status);
      expect(answer.text).not.toContain(token);
    }
  });
});

describe('raw WebSocket frames over TCP', () => {
  const json = (text: string) => Buffer.from(text);
  const cases: Array<[string, () => Buffer[], number | null, { reset?: boolean }?]> = [
    ['a frame over maxPayload', () => [wsFrame(Buffer.alloc(64), { declaredLength: (1 << 20) + 1 })], 1009],
    ['a 2^63 length', () => [wsFrame(Buffer.alloc(8), { declaredLength: 2n ** 63n - 1n })], 1009],
    ['invalid UTF-8', () => [wsFrame(Buffer.from([0x7b, 0xc3, 0x28, 0xa0, 0xa1, 0x7d]))], 1007],
    ['an unmasked frame', () => [wsFrame(json('{}'), { masked: false })], 1002],
    ['a reserved opcode', () => [wsFrame(json('{}'), { opcode: 0x3 })], 1002],
    ['RSV bits without an extension', () => [wsFrame(json('{}'), { rsv: 0x4 })], 1002],
    ['a fragmented ping', () => [wsFrame(Buffer.alloc(0), { opcode: 0x9, fin: false })], 1002],
    ['a control frame over 125 bytes', () => [wsFrame(Buffer.alloc(200), { opcode: 0x9 })], 1002],
    ['a continuation with nothing to continue', () => [wsFrame(json('{}'), { opcode: 0x0 })], 1002],
    ['a close with an invalid code', () => [wsFrame(Buffer.from([0x03, 0xe7]), { opcode: 0x8 })], 1002],
    ['a binary frame', () => [wsFrame(json(invokeText(1, 'app.info', 'null')), { opcode: 0x2 })], 1003],
    ['fragments that add up to invalid JSON', () => [wsFrame(json('{"kind":'), { fin: false }), wsFrame(json('x'), { opcode: 0 })], 1003],
    ['a reset in the middle of a frame', () => [wsFrame(Buffer.alloc(1000)).subarray(0, 300)], null, { reset: true }],
    ['a reset after calls', () => [wsFrame(json(invokeText(1, 'health.check', '{"fresh":true}')))], null, { reset: true }],
  ];

  test.each(cases)('%s', async (_label, frames, closeCode, options) => {
    const socket = await openRawWebSocket(port, token);
    const code = await sendUntilClosed(socket, frames(), options);
    tally.rawWebSocket += 1;
    await expectServeAlive();
    if (closeCode !== null) expect(code).toBe(closeCode);
  });
});

describe('every contract method through the IPC handler', () => {
  let core: Core;
  const trusted = 'file:///app/out/renderer/index.html';
  const ownFrame = () => ({ isTopFrame: true, url: trusted });

  beforeAll(async () => {
    core = await Core.create({
      frontEnd: 'desktop',
      profileId: 'fuzz',
      env: { CACHESCOPE_HOME: serve.home, CACHESCOPE_PROFILES: profile.file },
    });
  });
  afterAll(() => core?.dispose());

  /** What only IPC's structured clone carries, on top of what JSON can say. */
  const cloneOnly = (): Array<[string, unknown]> => {
    const circular: Record<string, unknown> = { fresh: true };
    circular.self = circular;
    return [
      ['undefined', undefined],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['a BigInt', 10n ** 30n],
      ['a Map', new Map([['fresh', true]])],
      ['a Set', new Set([1])],
      ['a Date', new Date(0)],
      ['a typed array', new Uint8Array(16)],
      ['a circular object', circular],
      ['a sparse array', [, , 1]],
      ['an object with a null prototype', Object.assign(Object.create(null) as object, { fresh: true })],
      ['an Error', new Error('boom')],
    ];
  };

  test.each(methodNames)('%s answers every malformed input with a result or an AppError', async (method) => {
    const handle = invokeHandler(core, (url) => url === trusted);
    const inputs: Array<[string, unknown]> = [
      ...hostileInputsFor(methods[method].input).map((c): [string, unknown] => [c.label, JSON.parse(c.json)]),
      ...cloneOnly(),
    ];
    for (const [label, input] of inputs) {
      const reply = await handle(ownFrame, method, input);
      tally.ipcCalls += 1;
      expect(reply, `${method} ${label}`).toHaveProperty('ok');
      expectStructured(method, input, reply);
    }
    methodsCovered.add(method);
    expect(await handle(ownFrame, 'health.check', {})).toMatchObject({ ok: true });
  });

  test('a method name that is not a string, or a sender we do not trust, is an AppError', async () => {
    const handle = invokeHandler(core, (url) => url === trusted);
    for (const method of [null, undefined, 42, {}, ['app.info'], { toString: () => 'app.info' }, Symbol('app.info')]) {
      expect(await handle(ownFrame, method, {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      tally.ipcCalls += 1;
    }
    const senders = [
      () => ({ isTopFrame: false, url: trusted }),
      () => ({ isTopFrame: true, url: 'https://evil.example/' }),
      () => ({ isTopFrame: true, url: null }),
    ];
    for (const sender of senders) {
      expect(await handle(sender, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      tally.ipcCalls += 1;
    }
    const destroyedFrame = () => {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    };
    const reply = await handle(destroyedFrame, 'app.info', {});
    tally.ipcCalls += 1;
    expect(AppErrorDataSchema.safeParse(!reply.ok && reply.error).success).toBe(true);
  });
});

describe('every contract event as the renderer receives it', () => {
  test.each(eventNames)('%s: every malformed payload is dropped, never thrown', (event) => {
    const payloads: unknown[] = [
      ...hostileInputsFor(events[event]).map((c) => JSON.parse(c.json) as unknown),
      undefined,
      Number.NaN,
      10n,
      new Map(),
    ];
    for (const payload of payloads) {
      expect(parseEvent(event, event, payload)).toBeNull();
      // The same payload under another name, or a prototype's name, is not this event either.
      expect(parseEvent(event, '__proto__', payload)).toBeNull();
      tally.eventPayloads += 1;
    }
    eventsCovered.add(event);
  });

  test('frames from serve mode that are not frames are dropped, never thrown', () => {
    for (const { json } of hostileValues) {
      for (const text of [json, json.slice(0, json.length >> 1), `{"kind":"event","name":"health.changed","payload":${json}}`]) {
        const frame = parseServerFrame(text);
        tally.eventPayloads += 1;
        if (frame?.kind === 'event') expect(parseEvent('health.changed', frame.name, frame.payload)).toBeNull();
      }
    }
  });
});
