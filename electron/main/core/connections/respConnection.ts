import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import type { Redis } from 'ioredis';
import { AppError } from '../../../../shared/errors';
import { encodeCommands, type RespArg } from '../analysis/respEncoding';
import { loadRedisParser } from './drivers';
import { connectTimeoutMs } from './serviceConnection';

/** A server and what to present to it, as the node's ioredis client did. */
export interface RespEndpoint {
  host: string;
  port: number;
  /** host:port, as messages name the server. */
  address: string;
  tls?: ConnectionOptions;
  username?: string;
  password?: string;
  db: number;
  /** What CLIENT LIST shows for the connection. */
  name: string;
}

/** A reply: bytes, an integer, nil, an array of replies, or the error the server answered. */
export type RespReply = Buffer | number | null | Error | RespReply[];

interface PendingRequest {
  replies: RespReply[];
  expected: number;
  resolve: (replies: RespReply[]) => void;
  reject: (err: Error) => void;
}

/**
 * The endpoint of a node client, as ioredis reaches it: for Sentinel, the master the client
 * was handed (only its socket knows which, so it must be connected), else the node's own
 * address; TLS when ioredis uses it there (to a Sentinel-given master only with
 * `enableTLSForSentinelMode`, whatever the profile's TLS block says); the same credentials.
 */
export function respEndpointOf(node: Redis, address: string, options: { viaSentinel: boolean; db: number; name: string }): RespEndpoint {
  const { viaSentinel } = options;
  const socket = node.stream as Socket | undefined;
  const host = viaSentinel ? socket?.remoteAddress : node.options.host;
  const port = viaSentinel ? socket?.remotePort : node.options.port;
  if ((viaSentinel && node.status !== 'ready') || !host || !port) {
    throw new AppError('UNAVAILABLE', `the Redis master ${address} is not connected yet: try again in a moment`);
  }
  const tls = node.options.tls && (!viaSentinel || node.options.enableTLSForSentinelMode) ? node.options.tls : undefined;
  return {
    host,
    port,
    address,
    db: options.db,
    name: options.name,
    ...(tls ? { tls } : {}),
    ...(node.options.username ? { username: node.options.username } : {}),
    ...(node.options.password ? { password: node.options.password } : {}),
  };
}

/** No reply for this long while a request waits: the server or the path to it stalled (a batch takes milliseconds). */
const replyTimeoutMs = 15_000;

/** AUTH refused only because the server has no password: ioredis goes on, and so do we. */
const noPasswordSet = /no password is set|without any password configured/i;

/** CLIENT SETNAME refused by an ACL or an old server: the name only labels CLIENT LIST. */
const namingRefused = /^NOPERM|unknown (sub)?command/i;

/**
 * A connection of its own that writes many commands in one go and hands back their replies
 * in order. The keys analysis reads three things of every key; through ioredis each command
 * is an object, a promise and a write of its own, ~50 µs of CPU a key, against 5–10 µs here
 * (bench/README.md). Error replies come back as values: which command failed is the
 * caller's to judge.
 */
export class RespConnection {
  private readonly pending: PendingRequest[] = [];
  private failure: AppError | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly address: string,
  ) {}

  /** Connects, authenticates, selects the database and names the connection. */
  static async open(endpoint: RespEndpoint): Promise<RespConnection> {
    const Parser = await loadRedisParser();
    const socket = endpoint.tls
      ? connectTls({ ...endpoint.tls, host: endpoint.host, port: endpoint.port })
      : connectTcp({ host: endpoint.host, port: endpoint.port });
    const connection = new RespConnection(socket, endpoint.address);
    const parser = new Parser({
      returnBuffers: true,
      returnReply: (reply: RespReply) => connection.deliver(reply),
      returnError: (err: Error) => connection.deliver(err),
      returnFatalError: (err: Error) => connection.fail(err),
    });
    let connected = false;
    socket.setTimeout(connectTimeoutMs);
    socket.on('timeout', () => {
      if (!connected) socket.destroy(Object.assign(new Error(`connect ETIMEDOUT after ${connectTimeoutMs} ms`), { code: 'ETIMEDOUT' }));
      else if (connection.pending.length > 0) connection.fail(new Error(`no reply in ${replyTimeoutMs / 1000} s`));
    });
    socket.on('data', (chunk: Buffer) => parser.execute(chunk));
    socket.on('error', (err) => connection.fail(err));
    socket.on('close', () => connection.fail(new Error('the server closed the connection')));
    await new Promise<void>((resolve, reject) => {
      socket.once(endpoint.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('the server closed the connection')));
    });
    connected = true;
    socket.setTimeout(replyTimeoutMs);
    socket.setNoDelay(true);

    const handshake: RespArg[][] = [];
    if (endpoint.password !== undefined) {
      handshake.push(endpoint.username ? ['AUTH', endpoint.username, endpoint.password] : ['AUTH', endpoint.password]);
    }
    if (endpoint.db !== 0) handshake.push(['SELECT', String(endpoint.db)]);
    handshake.push(['CLIENT', 'SETNAME', endpoint.name]);
    try {
      const replies = await connection.request(encodeCommands(handshake), handshake.length);
      const refused = replies.find((reply, i) => {
        if (!(reply instanceof Error)) return false;
        const command = handshake[i]![0];
        if (command === 'AUTH') return !noPasswordSet.test(reply.message);
        if (command === 'CLIENT') return !namingRefused.test(reply.message);
        return true;
      });
      if (refused) throw refused;
    } catch (err) {
      connection.dispose();
      throw err;
    }
    return connection;
  }

  /** Writes `payload` (commands encoded by encodeCommands) and resolves with its `replies` replies. */
  request(payload: Buffer, replies: number): Promise<RespReply[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (replies === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.pending.push({ replies: [], expected: replies, resolve, reject });
      this.socket.write(payload);
    });
  }

  /** One command; an error reply rejects, naming the command and the server. */
  async call(command: string, ...args: RespArg[]): Promise<RespReply> {
    const [reply] = await this.request(encodeCommands([[command, ...args]]), 1);
    if (reply instanceof Error) throw new AppError('UNAVAILABLE', `Redis at ${this.address} refused ${command}: ${reply.message}`);
    return reply!;
  }

  private deliver(reply: RespReply): void {
    const head = this.pending[0];
    if (!head) {
      this.fail(new Error('the server sent a reply to no command'));
      return;
    }
    head.replies.push(reply);
    if (head.replies.length === head.expected) {
      this.pending.shift();
      head.resolve(head.replies);
    }
  }

  /** Rejects everything waiting with why the connection ended, once, and closes it. */
  private fail(cause: Error): void {
    if (this.failure) return;
    this.failure = new AppError('UNAVAILABLE', `lost the connection to Redis at ${this.address}: ${cause.message}`);
    for (const request of this.pending.splice(0)) request.reject(this.failure);
    this.socket.destroy();
  }

  dispose(): void {
    this.fail(new Error('closed by CacheScope'));
  }
}
