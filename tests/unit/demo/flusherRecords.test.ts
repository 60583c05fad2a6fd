import { describe, expect, test } from 'vitest';
import { carriedHeaders, deadLetterHeaders } from '../../../demo/flusher/deadLetters';
import { offsetsToCommit, type QueuedRecord } from '../../../demo/flusher/queuedRecord';
import { FlushAckSchema, parseFlushCommand } from '../../../demo/flusher/controlMessages';

const record = (topic: string, partition: number, offset: string): QueuedRecord => ({
  topic,
  partition,
  offset,
  key: Buffer.from('product:1'),
  value: Buffer.from('{}'),
  headers: {},
});

describe('offsets to commit', () => {
  test('one past the highest offset of each partition', () => {
    expect(
      offsetsToCommit([record('t', 1, '7'), record('t', 0, '3'), record('t', 1, '9'), record('t', 0, '2'), record('u', 0, '0')]),
    ).toEqual([
      { topic: 't', partition: 0, offset: '4' },
      { topic: 't', partition: 1, offset: '10' },
      { topic: 'u', partition: 0, offset: '1' },
    ]);
  });

  test('offsets beyond 2^53 stay exact', () => {
    expect(offsetsToCommit([record('t', 0, '9007199254740993')])[0]!.offset).toBe('9007199254740994');
  });

  test('nothing to commit for nothing handled', () => {
    expect(offsetsToCommit([])).toEqual([]);
  });
});

describe('dead-letter headers', () => {
  test('carry the error, its kind, attempts and where the record came from', () => {
    const headers = deadLetterHeaders(
      { record: record('cache.writes', 2, '41'), error: '23514: check', kind: 'permanent', attempts: 1 },
      new Date('2025-11-26T10:00:00Z'),
    );
    expect(headers).toEqual({
      'x-error': '23514: check',
      'x-error-kind': 'permanent',
      'x-attempts': '1',
      'x-original-topic': 'cache.writes',
      'x-original-partition': '2',
      'x-original-offset': '41',
      'x-failed-at': '2025-11-26T10:00:00.000Z',
    });
  });

  test('a very long error is truncated', () => {
    const headers = deadLetterHeaders({ record: record('t', 0, '0'), error: 'x'.repeat(5000), kind: 'transient', attempts: 5 }, new Date());
    expect(headers['x-error']!.length).toBe(1000);
  });

  test('original headers travel along, earlier failure headers do not', () => {
    expect(
      carriedHeaders({ 'trace-id': 'abc', 'x-error': 'old', 'x-original-offset': '1', 'x-replay-of': 't/0/1', 'x-attempts': '2' }),
    ).toEqual({ 'trace-id': 'abc', 'x-replay-of': 't/0/1' });
  });
});

describe('control messages', () => {
  test('flush commands parse; acks, other types and garbage are ignored', () => {
    const command = { type: 'flush', requestId: 'r1', requestedBy: 'cachescope', at: 1 };
    expect(parseFlushCommand(Buffer.from(JSON.stringify(command)))).toEqual(command);
    expect(parseFlushCommand(JSON.stringify({ type: 'flush-ack', requestId: 'r1', worker: 'w', flushed: 0, at: 1 }))).toBeUndefined();
    expect(parseFlushCommand('{nope')).toBeUndefined();
    expect(parseFlushCommand(null)).toBeUndefined();
    expect(FlushAckSchema.safeParse({ type: 'flush-ack', requestId: 'r1', worker: 'w', flushed: 3, at: 1 }).success).toBe(true);
  });
});
