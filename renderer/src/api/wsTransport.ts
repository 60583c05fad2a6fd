import { parseServerFrame, type ClientFrame } from '../../../shared/wire';
import type { ConnectionState, InvokeReply, Transport } from './transport';

const maxRetryMs = 10_000;

/**
 * Serve mode's WebSocket. It reconnects with backoff when serve mode restarts or the
 * laptop sleeps; calls made while it is down fail at once with UNAVAILABLE instead
 * of hanging.
 */
export function wsTransport(url: string): Transport {
  let socket: WebSocket | undefined;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let failures = 0;
  const pending = new Map<number, (reply: InvokeReply) => void>();
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let opened: Promise<void>;
  let markOpen: () => void = () => undefined;

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const unavailable = (message: string): InvokeReply => ({ ok: false, error: { code: 'UNAVAILABLE', message } });

  const connect = () => {
    opened = new Promise((resolve) => (markOpen = resolve));
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      setState('open');
      markOpen();
    };
    ws.onmessage = (message) => {
      const data = parseServerFrame(String(message.data));
      if (!data) return;
      if (data.kind === 'event') {
        for (const listener of eventListeners) listener(data.name, data.payload);
      } else {
        const resolve = pending.get(data.id);
        pending.delete(data.id);
        resolve?.(data.ok ? { ok: true, output: data.output } : { ok: false, error: data.error });
      }
    };
    ws.onclose = () => {
      for (const resolve of pending.values()) resolve(unavailable('lost the connection to CacheScope'));
      pending.clear();
      setState('closed');
      failures += 1;
      setTimeout(connect, Math.min(maxRetryMs, 500 * 2 ** Math.min(failures, 5)));
    };
  };
  connect();

  return {
    async call(method, input) {
      if (state === 'connecting') await Promise.race([opened, new Promise((r) => setTimeout(r, 5_000))]);
      if (state !== 'open' || !socket) return unavailable('not connected to CacheScope serve mode');
      const id = nextId++;
      const frame: ClientFrame = { kind: 'invoke', id, method, input };
      const reply = new Promise<InvokeReply>((resolve) => pending.set(id, resolve));
      socket.send(JSON.stringify(frame));
      return reply;
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
