import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** Everything the server wrote before closing (or before we gave up waiting). */
  text: string;
  /** The status of the first response line, or null when there was none. */
  status: number | null;
}

const statusOf = (text: string) => {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return match ? Number(match[1]) : null;
};

/** A whole response is in: headers, and as much body as content-length says (keep-alive would wait on). */
function responseComplete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  return length !== null && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length[1]);
}

/**
 * Writes `chunks` on a fresh TCP connection and collects the answer. `reset` ends with a TCP
 * reset right after the last write, the way a crashed or hostile client leaves.
 */
export function rawExchange(
  port: number,
  chunks: Array<string | Buffer>,
  options: { reset?: boolean; waitMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, status: statusOf(text) });
    };
    const timer = setTimeout(done, options.waitMs ?? 2_000);
    socket.on('data', (data) => {
      text += data.toString('latin1');
      if (responseComplete(text)) done();
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (options.reset) {
        socket.resetAndDestroy();
        done();
      }
    });
  });
}

/** A WebSocket handshake request, written by hand so every header can be wrong. */
export function upgradeRequest(path: string, headers: Record<string, string>): string {
  const all = {
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': randomBytes(16).toString('base64'),
    'sec-websocket-version': '13',
    ...headers,
  };
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

export interface FrameOptions {
  opcode?: number;
  fin?: boolean;
  /** RSV1-3 bits, which no extension of ours allows. */
  rsv?: number;
  masked?: boolean;
  /** Announce this length instead of the payload's own. */
  declaredLength?: number | bigint;
}

/** One WebSocket frame as RFC 6455 lays it out, client to server (masked unless told). */
export function wsFrame(payload: Buffer, options: FrameOptions = {}): Buffer {
  const { opcode = 0x1, fin = true, rsv = 0, masked = true } = options;
  const length = BigInt(options.declaredLength ?? payload.length);
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65_536n) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(length);
  }
  const key = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = masked ? Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!)) : payload;
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}

/** An authenticated WebSocket at the TCP level: the handshake done, the raw socket ours. */
export function openRawWebSocket(port: number, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('error', reject);
    socket.once('connect', () => socket.write(upgradeRequest(`/ws?token=${token}`, { host: `127.0.0.1:${port}` })));
    const onData = (data: Buffer) => {
      text += data.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (statusOf(text) === 101) resolve(socket);
      else reject(new Error(`handshake refused: ${text.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
  });
}

/** Sends frames on an open raw WebSocket and waits for the server to close it; the close code, if any. */
export function sendUntilClosed(socket: Socket, frames: Buffer[], options: { reset?: boolean } = {}): Promise<number | null> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    // A close frame from the server: 0x88, length, then the code.
    const closeCode = () => {
      const at = received.indexOf(0x88);
      return at >= 0 && received.length >= at + 4 ? received.readUInt16BE(at + 2) : null;
    };
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(closeCode());
    };
    const timer = setTimeout(done, 3_000);
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      if (closeCode() !== null) done();
    });
    socket.on('close', done);
    for (const frame of frames) socket.write(frame);
    if (options.reset) {
      socket.resetAndDestroy();
      done();
    }
  });
}
