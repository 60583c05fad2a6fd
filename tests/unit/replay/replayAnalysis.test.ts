import { describe, expect, test } from 'vitest';
import { deadLetterConfirmation } from '../../../shared/confirmation';
import { ledgerKey, ledgerRunsAhead, parseLedgerEntry } from '../../../electron/main/core/analysis/deadLetterLedger';
import { mappedKey, tableOf } from '../../../electron/main/core/analysis/keyMapping';
import { mergeRanges, OffsetRangeSet } from '../../../electron/main/core/analysis/offsetRangeSet';
import { PartitionCursor } from '../../../electron/main/core/analysis/partitionCursor';
import { parkHeaders, replayHeaders } from '../../../electron/main/core/analysis/replayHeaders';
import { paceDelayMs } from '../../../electron/main/core/analysis/replayPace';
import { envelopeVersion } from '../../../shared/writeBehindProtocol';

describe('PartitionCursor', () => {
  test('commits one past the highest offset that only handled records precede', () => {
    const cursor = new PartitionCursor(0, 10);
    cursor.record(10, true);
    cursor.record(11, true);
    // 12 is a compacted gap: never delivered, safe to pass in order.
    cursor.record(13, true);
    expect(cursor.commitOffset).toBe(14);
    cursor.record(14, false);
    cursor.record(15, true);
    cursor.record(16, true);
    expect(cursor.commitOffset).toBe(14);
    expect(cursor.takeAhead()).toEqual([{ partition: 0, from: 15, to: 16 }]);
    cursor.record(17, true);
    expect(cursor.takeAhead()).toEqual([{ partition: 0, from: 17, to: 17 }]);
    expect(cursor.takeAhead()).toEqual([]);
    expect(cursor.handled()).toEqual([
      { partition: 0, from: 10, to: 13 },
      { partition: 0, from: 15, to: 17 },
    ]);
    cursor.reachedEnd(30);
    expect(cursor.commitOffset).toBe(14);
  });

  test('reaching the end with nothing left pending moves past transaction markers', () => {
    const cursor = new PartitionCursor(2, 5);
    cursor.record(5, true);
    cursor.reachedEnd(9);
    expect(cursor.commitOffset).toBe(9);
  });

  test('a selection starting past the cursor never commits, and redelivered offsets are not new', () => {
    const cursor = new PartitionCursor(1, 0, 4);
    expect(cursor.isNew(3)).toBe(false);
    cursor.record(4, true);
    cursor.reachedEnd(5);
    expect(cursor.commitOffset).toBe(0);
    expect(cursor.takeAhead()).toEqual([{ partition: 1, from: 4, to: 4 }]);
    expect(cursor.isNew(4)).toBe(false);
  });

  test('a filter matching every other record keeps the listed runs bounded', () => {
    const cursor = new PartitionCursor(0, 0);
    for (let offset = 0; offset < 5_000; offset++) cursor.record(offset, offset % 2 === 0);
    expect(cursor.handled().length).toBe(1_000);
    expect(cursor.runsBounded).toBe(true);
    expect(cursor.commitOffset).toBe(1);
  });
});

describe('ranges and the ledger', () => {
  test('mergeRanges joins overlapping and touching ranges per partition', () => {
    expect(mergeRanges([
      { partition: 1, from: 5, to: 6 },
      { partition: 0, from: 3, to: 4 },
      { partition: 0, from: 0, to: 2 },
      { partition: 0, from: 8, to: 9 },
      { partition: 1, from: 6, to: 7 },
    ])).toEqual([
      { partition: 0, from: 0, to: 4 },
      { partition: 0, from: 8, to: 9 },
      { partition: 1, from: 5, to: 7 },
    ]);
  });

  test('OffsetRangeSet answers membership and spans', () => {
    const set = new OffsetRangeSet([{ partition: 0, from: 2, to: 3 }, { partition: 0, from: 7, to: 7 }, { partition: 2, from: 0, to: 0 }]);
    expect([0, 2, 3, 4, 7, 8].map((o) => set.has(0, o))).toEqual([false, true, true, false, true, false]);
    expect(set.has(1, 2)).toBe(false);
    expect(set.spans()).toEqual([{ partition: 0, from: 2, to: 7 }, { partition: 2, from: 0, to: 0 }]);
  });

  test('ledger entries parse only when well formed; runs below the cursor are left out', () => {
    const entry = { partition: 0, from: 3, to: 4, action: 'replayed', at: '2026-01-01T00:00:00.000Z', by: 'me' };
    expect(parseLedgerEntry(Buffer.from(JSON.stringify(entry)))).toEqual(entry);
    expect(ledgerKey(entry)).toBe('0/3-4');
    for (const bad of ['nope', '[]', '{"partition":0,"from":5,"to":4,"action":"replayed"}', '{"partition":-1,"from":0,"to":0,"action":"replayed"}', '{"partition":0,"from":0,"to":0,"action":"deleted"}']) {
      expect(parseLedgerEntry(Buffer.from(bad)), bad).toBeNull();
    }
    expect(parseLedgerEntry(null)).toBeNull();
    const ahead = ledgerRunsAhead([{ partition: 0, from: 0, to: 2 }, { partition: 0, from: 5, to: 6 }], new Map([[0, 3]]));
    expect([1, 5].map((o) => ahead.has(0, o))).toEqual([false, true]);
  });
});

describe('headers of replayed and parked records', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');
  test('a replay drops every DLQ convention\'s failure headers and keeps the rest', () => {
    const headers = replayHeaders(
      { 'x-error': 'e', 'x-error-kind': 'permanent', 'x-original-offset': '1', 'kafka_dlt-original-topic': 't', '__connect.errors.topic': 't', 'x-replay-of': 'old', 'trace-id': 'abc', tenant: Buffer.from([1, 2]) },
      'dlq/0/7',
      at,
    );
    expect(headers).toEqual({ 'trace-id': 'abc', tenant: Buffer.from([1, 2]), 'x-replay-of': 'dlq/0/7', 'x-replayed-at': '2026-01-02T03:04:05.000Z' });
  });

  test('a park keeps every header and adds the reason, the time and where it came from', () => {
    expect(parkHeaders({ 'x-error': 'e', 'x-parked-reason': 'older' }, 'bad deploy', 'dlq/1/2', at)).toEqual({
      'x-error': 'e',
      'x-parked-reason': 'bad deploy',
      'x-parked-at': '2026-01-02T03:04:05.000Z',
      'x-parked-from': 'dlq/1/2',
    });
  });
});

describe('namespace mapping and envelopes', () => {
  const mappings = [
    { keyPattern: 'product:{id}', table: 'shop.products', keyColumn: 'id', versionColumn: 'version' },
    { keyPattern: 'u:{id}:v1', table: 'users', keyColumn: 'id', versionColumn: 'version' },
  ];
  test('mappedKey finds the mapping and the id; text around {id} must match', () => {
    expect(mappedKey(mappings, Buffer.from('product:42'))).toEqual({ mapping: mappings[0], id: '42' });
    expect(mappedKey(mappings, Buffer.from('u:7:v1'))?.id).toBe('7');
    for (const key of ['product:', 'u:7:v2', 'other:1']) expect(mappedKey(mappings, Buffer.from(key)), key).toBeNull();
    expect(mappedKey(mappings, Buffer.from([0x70, 0xff]))).toBeNull();
    expect(mappedKey(mappings, null)).toBeNull();
  });

  test('tableOf quotes each part', () => {
    expect(tableOf({ table: 'shop.products' }).sql).toBe('"shop"."products"');
    expect(tableOf({ table: 'products', schema: 'shop' })).toEqual({ sql: '"shop"."products"', shown: 'shop.products' });
    expect(tableOf({ table: 'we"ird' }).sql).toBe('"we""ird"');
  });

  test('envelopeVersion reads op, version and data, and never throws', () => {
    expect(envelopeVersion(Buffer.from('{"op":"upsert","version":17,"data":{"a":1}}'))).toEqual({ op: 'upsert', version: 17n, data: { a: 1 } });
    expect(envelopeVersion(Buffer.from('{"op":"delete","version":3}'))).toEqual({ op: 'delete', version: 3n, data: null });
    for (const bad of ['', 'not json', '[1]', '{"op":"upsert","version":-1}', '{"op":"upsert","version":1.5}', '{"op":"x","version":1}', '{"op":"upsert","version":"1"}']) {
      expect(envelopeVersion(Buffer.from(bad)), bad).toBeNull();
    }
    expect(envelopeVersion(Buffer.from([0xff, 0xfe]))).toBeNull();
    expect(envelopeVersion(null)).toBeNull();
  });

  test('paceDelayMs keeps the produced count at or under the rate', () => {
    expect(paceDelayMs(0, 10, undefined, 0)).toBe(0);
    expect(paceDelayMs(1_000, 10, 10, 1_500)).toBe(500);
    expect(paceDelayMs(1_000, 10, 10, 3_000)).toBe(0);
  });
});

describe('deadLetterConfirmation', () => {
  test('the profile name above the limit, and always in production', () => {
    const staging = { name: 'Staging', environment: 'staging', confirmAbove: 100 };
    expect(deadLetterConfirmation(staging, 'replay', 100)).toMatchObject({ required: false, text: 'Staging' });
    expect(deadLetterConfirmation(staging, 'park', 101)).toMatchObject({ required: true, text: 'Staging', reason: '101 records is more than 100: type the profile name to confirm' });
    expect(deadLetterConfirmation({ ...staging, environment: 'production' }, 'replay', 0)).toMatchObject({ required: true, text: 'Staging' });
  });
});
