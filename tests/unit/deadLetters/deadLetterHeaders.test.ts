import { describe, expect, it } from 'vitest';
import { deadLetterOrigin, decodeHeaders, decodeInteger } from '../../../electron/main/core/analysis/deadLetterHeaders';

function int32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
}

function int64(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return bytes;
}

describe('deadLetterOrigin', () => {
  it("reads CacheScope's text headers", () => {
    const origin = deadLetterOrigin({
      'x-error': Buffer.from('23514: violates check constraint'),
      'x-error-kind': Buffer.from('permanent'),
      'x-attempts': Buffer.from('3'),
      'x-original-topic': Buffer.from('cache.writes'),
      'x-original-partition': Buffer.from('2'),
      'x-original-offset': Buffer.from('9007199254740993'),
      'x-failed-at': Buffer.from('2025-11-26T10:00:00.000Z'),
    });
    expect(origin).toEqual({
      convention: 'cachescope',
      originalTopic: 'cache.writes',
      originalPartition: 2,
      originalOffset: '9007199254740993',
      error: '23514: violates check constraint',
      errorKind: 'permanent',
      attempts: 3,
      failedAt: Date.parse('2025-11-26T10:00:00.000Z'),
      replayOf: null,
    });
  });

  it("reads Spring's big-endian binary partition, offset and timestamp", () => {
    const origin = deadLetterOrigin({
      'kafka_dlt-original-topic': Buffer.from('orders'),
      'kafka_dlt-original-partition': int32(7),
      'kafka_dlt-original-offset': int64(12_345_678_901n),
      'kafka_dlt-original-timestamp': int64(1_764_143_100_000n),
      'kafka_dlt-exception-fqcn': Buffer.from('org.springframework.kafka.listener.ListenerExecutionFailedException'),
      'kafka_dlt-exception-message': Buffer.from('boom'),
    });
    expect(origin.convention).toBe('spring');
    expect(origin.originalTopic).toBe('orders');
    expect(origin.originalPartition).toBe(7);
    expect(origin.originalOffset).toBe('12345678901');
    expect(origin.failedAt).toBe(1_764_143_100_000);
    expect(origin.error).toBe('org.springframework.kafka.listener.ListenerExecutionFailedException: boom');
    expect(origin.errorKind).toBe('unknown');
  });

  it("reads Connect's text headers, repeated values last-wins", () => {
    const origin = deadLetterOrigin({
      '__connect.errors.topic': [Buffer.from('old'), Buffer.from('cache.writes')],
      '__connect.errors.partition': Buffer.from('0'),
      '__connect.errors.offset': Buffer.from('41'),
      '__connect.errors.exception.class.name': Buffer.from('org.apache.kafka.connect.errors.DataException'),
      '__connect.errors.exception.message': Buffer.from('Converting byte[] to Kafka Connect data failed'),
      'x-failed-at': Buffer.from('1764143100000'),
    });
    expect(origin.convention).toBe('connect');
    expect(origin.originalTopic).toBe('cache.writes');
    expect(origin.originalPartition).toBe(0);
    expect(origin.originalOffset).toBe('41');
    expect(origin.error).toMatch(/^org\.apache\.kafka\.connect\.errors\.DataException: Converting/);
    expect(origin.failedAt).toBe(1_764_143_100_000);
  });

  it('never throws on garbage, and says what it could not read', () => {
    const origin = deadLetterOrigin({
      'x-original-topic': Buffer.from([0xff, 0xfe]),
      'x-original-partition': Buffer.from('-1'),
      'x-original-offset': Buffer.from([1, 2, 3]),
      'x-failed-at': Buffer.from('yesterday'),
      'x-error-kind': Buffer.from('weird'),
      'x-attempts': undefined,
    });
    expect(origin).toMatchObject({ originalTopic: null, originalPartition: null, originalOffset: null, failedAt: null, errorKind: 'unknown', attempts: null });
    expect(deadLetterOrigin({}).convention).toBe('none');
  });
});

describe('decodeInteger', () => {
  it('prefers decimal text, else big-endian int32/int64, else null', () => {
    expect(decodeInteger(Buffer.from('1234'))).toBe(1234n);
    expect(decodeInteger(int32(1234))).toBe(1234n);
    expect(decodeInteger(int64(2n ** 60n))).toBe(2n ** 60n);
    expect(decodeInteger(Buffer.from([1, 2, 3]))).toBeNull();
    expect(decodeInteger(null)).toBeNull();
  });
});

describe('decodeHeaders', () => {
  it('keeps every header in order with text, hex and decoded binary integers', () => {
    const headers = decodeHeaders({ trace: 'abc', 'kafka_dlt-original-partition': int32(3), blob: Buffer.from([0, 1]) });
    expect(headers).toEqual([
      { name: 'trace', text: 'abc', hex: '616263', decoded: null },
      { name: 'kafka_dlt-original-partition', text: null, hex: '00000003', decoded: '3' },
      { name: 'blob', text: null, hex: '0001', decoded: null },
    ]);
  });
});
