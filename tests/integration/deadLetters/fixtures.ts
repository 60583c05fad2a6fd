import type { Admin, IHeaders, Message, Producer } from 'kafkajs';

/** One dead letter a test produced, with what the browser must say about it. */
export interface ProducedLetter {
  partition: number;
  offset: string;
  timestamp: number;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
  convention: 'cachescope' | 'spring' | 'connect' | 'none';
  error: string | null;
  errorKind: 'transient' | 'permanent' | 'unknown';
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

function int64(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(value);
  return b;
}

const envelope = (entity: string, id: string, version: number, price: number) =>
  Buffer.from(JSON.stringify({ op: 'upsert', entity, id, version, data: { name: `n${id}`, price_cents: price, stock: 1 }, producedAt: 1_764_143_100_000 }));

type Draft = Omit<ProducedLetter, 'partition' | 'offset' | 'timestamp'>;

/**
 * The dead letters of one test, in the three header conventions and with awkward values:
 * CacheScope's text headers (a check-constraint failure on several rows, a transient
 * timeout), Spring's binary partition and offset, Kafka Connect's text headers, a value
 * that is not text, a JSON value cut short, a value of about 1 MB, a record without key or
 * headers. `keyPrefix` keeps the keys apart from other tests'.
 */
export function deadLetterDrafts(keyPrefix: string, queueTopic: string): Draft[] {
  const drafts: Draft[] = [];
  for (let i = 0; i < 6; i++) {
    const error = `23514: new row for relation "products" violates check constraint "products_price_cents_check"; Failing row contains (${i}, n${i}, -${i + 1}, 1, ${1000 + i})`;
    drafts.push({
      key: `${keyPrefix}product:${i}`,
      value: envelope('product', String(i), 1000 + i, -(i + 1)),
      headers: { 'x-error': error, 'x-error-kind': 'permanent', 'x-attempts': '1', 'x-original-topic': queueTopic, 'x-original-partition': String(i % 3), 'x-original-offset': String(40 + i), 'x-failed-at': new Date(1_764_000_000_000 + i * 1000).toISOString() },
      convention: 'cachescope',
      error,
      errorKind: 'permanent',
      originalTopic: queueTopic,
      originalPartition: i % 3,
      originalOffset: String(40 + i),
    });
  }
  for (let i = 0; i < 3; i++) {
    const error = `57014: canceling statement due to statement timeout after ${3000 + i} ms`;
    drafts.push({
      key: `${keyPrefix}user:${i}`,
      value: envelope('user', String(i), 2000 + i, 0),
      headers: { 'x-error': error, 'x-error-kind': 'transient', 'x-attempts': '5', 'x-original-topic': queueTopic, 'x-original-partition': '1', 'x-original-offset': String(100 + i) },
      convention: 'cachescope',
      error,
      errorKind: 'transient',
      originalTopic: queueTopic,
      originalPartition: 1,
      originalOffset: String(100 + i),
    });
  }
  drafts.push({
    key: `${keyPrefix}order:7`,
    value: Buffer.from('{"orderId":7,"total":12.5}'),
    headers: {
      'kafka_dlt-original-topic': 'orders',
      'kafka_dlt-original-partition': int32(3),
      'kafka_dlt-original-offset': int64(123_456_789_012n),
      'kafka_dlt-exception-fqcn': 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      'kafka_dlt-exception-message': 'Listener failed; nested exception is java.lang.IllegalStateException: order 7 is closed',
    },
    convention: 'spring',
    error: 'org.springframework.kafka.listener.ListenerExecutionFailedException: Listener failed; nested exception is java.lang.IllegalStateException: order 7 is closed',
    errorKind: 'unknown',
    originalTopic: 'orders',
    originalPartition: 3,
    originalOffset: '123456789012',
  });
  drafts.push({
    key: `${keyPrefix}sensor:9`,
    value: Buffer.from('{"reading":'),
    headers: {
      '__connect.errors.topic': 'sensors',
      '__connect.errors.partition': '2',
      '__connect.errors.offset': '77',
      '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
      '__connect.errors.exception.message': 'Converting byte[] to Kafka Connect data failed due to serialization error',
    },
    convention: 'connect',
    error: 'org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed due to serialization error',
    errorKind: 'unknown',
    originalTopic: 'sensors',
    originalPartition: 2,
    originalOffset: '77',
  });
  drafts.push({
    key: `${keyPrefix}blob:1`,
    value: Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0xc3, 0x28, 0x01]),
    headers: { 'x-error': 'bad JSON: value is not JSON', 'x-error-kind': 'permanent', 'x-original-topic': queueTopic, 'x-original-partition': '0', 'x-original-offset': '9' },
    convention: 'cachescope',
    error: 'bad JSON: value is not JSON',
    errorKind: 'permanent',
    originalTopic: queueTopic,
    originalPartition: 0,
    originalOffset: '9',
  });
  drafts.push({
    key: `${keyPrefix}product:big`,
    value: Buffer.from(JSON.stringify({ op: 'upsert', entity: 'product', id: 'big', version: 1, data: { blob: 'x'.repeat(1_000_000) } })),
    headers: { 'x-error': '54000: row is too big: size 1000123, maximum size 8160', 'x-error-kind': 'permanent', 'x-original-topic': queueTopic, 'x-original-partition': '2', 'x-original-offset': '5' },
    convention: 'cachescope',
    error: '54000: row is too big: size 1000123, maximum size 8160',
    errorKind: 'permanent',
    originalTopic: queueTopic,
    originalPartition: 2,
    originalOffset: '5',
  });
  drafts.push({ key: null, value: Buffer.from('orphan'), headers: {}, convention: 'none', error: null, errorKind: 'unknown', originalTopic: null, originalPartition: null, originalOffset: null });
  return drafts;
}

/**
 * Produces the drafts to `topic` round-robin over `partitions`, one at a time with rising
 * timestamps one second apart (so that time order is known), and returns them with their
 * offsets.
 */
export async function produceDeadLetters(producer: Producer, topic: string, drafts: readonly Draft[], partitions: number, firstTimestamp: number): Promise<ProducedLetter[]> {
  const produced: ProducedLetter[] = [];
  for (const [i, draft] of drafts.entries()) {
    const partition = i % partitions;
    const timestamp = firstTimestamp + i * 1000;
    const [meta] = await producer.send({
      topic,
      acks: -1,
      messages: [{ partition, key: draft.key, value: draft.value, headers: draft.headers, timestamp: String(timestamp) }],
    });
    produced.push({ ...draft, partition, offset: meta!.baseOffset!, timestamp });
  }
  return produced;
}

/** A topic of the test's own; Kafka's default message size takes the 1 MB value. */
export async function createDeadLetterTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, configEntries: [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }] }] });
}

/**
 * Dead letters as other people's code may write them: headers that are not UTF-8, numbers
 * that are not numbers, Spring integers of the wrong width, repeated headers, keys of any
 * bytes, a tombstone, a 20 kB error message.
 */
export const hostileDeadLetters: Message[] = [
  { key: Buffer.from([0xff, 0x00, 0x0a, 0x1b]), value: Buffer.from([0xc3]), headers: { 'x-error': Buffer.from([0xff, 0xfe, 0x00]), 'x-error-kind': 'PERMANENT ', 'x-failed-at': 'yesterday', 'x-original-partition': 'abc', 'x-original-offset': '-5', 'x-attempts': '1e9' } },
  { key: 'spring:odd', value: '', headers: { 'kafka_dlt-original-topic': 'orders', 'kafka_dlt-original-partition': Buffer.from([0, 1, 2]), 'kafka_dlt-original-offset': Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'kafka_dlt-exception-message': Buffer.from([0x80]) } },
  { key: 'repeated', value: '{"op":"upsert","entity":{"x":1},"id":null}', headers: { 'x-error': ['first', 'second \u001b[31m red'], 'x-original-topic': ['a', 'b'] } },
  { key: null, value: null, headers: { '': '', 'x-failed-at': '99999999999999999999' } },
  { key: 'product:\u0000', value: `{"op":"upsert","entity":"product","id":"${'9'.repeat(400)}","version":1e400}`, headers: { 'x-error': 'x'.repeat(20_000), 'x-error-kind': 'transient' } },
];
