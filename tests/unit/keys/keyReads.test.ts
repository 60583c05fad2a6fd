import { describe, expect, test } from 'vitest';
import Parser from 'redis-parser';
import { encodeCommands, type RespArg } from '../../../electron/main/core/analysis/respEncoding';
import { keyReadCommands, keyReadings } from '../../../electron/main/core/keys/keyReads';
import type { RespReply } from '../../../electron/main/core/connections/respConnection';

/** What a server reads back from the wire: each command as an array of its arguments' bytes. */
function decode(wire: Buffer): Buffer[][] {
  const commands: Buffer[][] = [];
  const parser = new Parser({ returnBuffers: true, returnReply: (reply: Buffer[]) => commands.push(reply), returnError: (err: Error) => { throw err; } });
  parser.execute(wire);
  return commands;
}

describe('encodeCommands', () => {
  test('writes each command as a RESP array of bulk strings, byte for byte', () => {
    const binary = Buffer.from([0xff, 0x00, 0x0d, 0x0a, 0x24]);
    const commands: RespArg[][] = [['SCAN', '0', 'MATCH', 'ünï:*', 'COUNT', '20'], ['TYPE', binary], ['GET', ''], ['SET', 'big', 'x'.repeat(70_000)]];
    const wire = encodeCommands(commands);
    expect(wire.subarray(0, 21).toString('latin1')).toBe('*6\r\n$4\r\nSCAN\r\n$1\r\n0\r\n');
    expect(decode(wire)).toEqual(commands.map((c) => c.map((arg) => Buffer.from(arg))));
  });

  test('counts bytes, not characters, and sizes the buffer exactly', () => {
    const wire = encodeCommands([['ECHO', '日本🙂']]);
    expect(wire.toString('utf8')).toBe('*2\r\n$4\r\nECHO\r\n$10\r\n日本🙂\r\n');
    expect(encodeCommands([])).toHaveLength(0);
  });
});

describe('keyReadings', () => {
  const key = (name: string) => Buffer.from(name);

  test('three commands a key: TYPE, PTTL, MEMORY USAGE with the samples', () => {
    const commands = keyReadCommands([key('a'), Buffer.from([0xff])], 7);
    expect(commands).toEqual([
      ['TYPE', key('a')],
      ['PTTL', key('a')],
      ['MEMORY', 'USAGE', key('a'), 'SAMPLES', '7'],
      ['TYPE', Buffer.from([0xff])],
      ['PTTL', Buffer.from([0xff])],
      ['MEMORY', 'USAGE', Buffer.from([0xff]), 'SAMPLES', '7'],
    ]);
  });

  test('a key gone before any of its reads, or whose slot moved, reads as none; TYPE and PTTL count as the server counts them', () => {
    const moved = () => new Error('MOVED 3999 127.0.0.1:7001');
    const replies: RespReply[] = [
      Buffer.from('string'), -1, 56,
      Buffer.from('hash'), 90_000, 120,
      Buffer.from('none'), -2, null,
      Buffer.from('list'), -2, null,
      Buffer.from('set'), 5_000, null,
      moved(), moved(), moved(),
    ];
    const gone = { type: 'none', pttlMs: -2, memory: 0 };
    expect(keyReadings(replies, 6, 'r:6379')).toEqual({
      readings: [{ type: 'string', pttlMs: -1, memory: 56 }, { type: 'hash', pttlMs: 90_000, memory: 120 }, gone, gone, gone, gone],
      // The redirected key was read nowhere: no hit, no miss.
      reads: { hits: 2 + 2 + 0 + 1 + 2, misses: 2 + 1 },
    });
  });

  test('every key of a batch redirected: the node is no longer a master, and the analysis would miss its keys', () => {
    const moved = () => new Error('MOVED 3999 127.0.0.1:7001');
    expect(() => keyReadings([moved(), moved(), moved(), moved(), moved(), moved()], 2, 'cache-1:6379')).toThrow(
      /^Redis at cache-1:6379 is no longer a master of the keys it listed \(failover or resharding\?\)/,
    );
    expect(keyReadings([], 0, 'cache-1:6379')).toEqual({ readings: [], reads: { hits: 0, misses: 0 } });
  });

  test('any other error reply fails the batch, naming the server and the command', () => {
    const replies: RespReply[] = [Buffer.from('string'), -1, new Error("NOPERM this user has no permissions to run the 'memory|usage' command")];
    expect(() => keyReadings(replies, 1, 'cache-1:6379')).toThrow(/^Redis at cache-1:6379 refused MEMORY USAGE during the keys analysis: NOPERM/);
  });
});
