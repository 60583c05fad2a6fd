import { describe, expect, test } from 'vitest';
import { ProfileSchema } from '../../../shared/profile';
import { demoEntities, cacheKey } from '../../../demo/entities';
import { decodeWrite, encodeEnvelope } from '../../../demo/envelope';

const envelope = { op: 'upsert', entity: 'product', id: '42', version: 17, data: { name: 'x' }, producedAt: 1_764_143_100_000 } as const;

describe('envelope', () => {
  test('round-trips', () => {
    const decoded = decodeWrite('product:42', Buffer.from(encodeEnvelope(envelope)));
    expect(decoded).toMatchObject({ ok: true, envelope, entity: { table: 'products' } });
  });

  test('a delete needs no data; an upsert does', () => {
    expect(decodeWrite('product:42', JSON.stringify({ ...envelope, op: 'delete', data: undefined })).ok).toBe(true);
    const noData = decodeWrite('product:42', JSON.stringify({ ...envelope, data: null }));
    expect(noData).toEqual({ ok: false, error: 'invalid envelope: data: an upsert needs data' });
  });

  test('every problem is reported in words', () => {
    expect(decodeWrite('k', null)).toEqual({ ok: false, error: 'record has no value' });
    expect(decodeWrite('k', 'nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^value is not JSON/) });
    expect(decodeWrite('product:42', JSON.stringify({ ...envelope, version: -1 }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid envelope: version/),
    });
    expect(decodeWrite('thing:42', JSON.stringify({ ...envelope, entity: 'thing' }))).toEqual({ ok: false, error: 'unknown entity "thing"' });
    expect(decodeWrite('product:43', JSON.stringify(envelope))).toEqual({
      ok: false,
      error: 'record key "product:43" does not match envelope key "product:42"',
    });
  });

  test('a record without key is accepted (the envelope names the row)', () => {
    expect(decodeWrite(null, JSON.stringify(envelope)).ok).toBe(true);
  });

  test('the demo entities are the profile default namespaces', () => {
    const profile = ProfileSchema.parse({ id: 'p', name: 'p' });
    expect(demoEntities.map((e) => ({ keyPattern: cacheKey(e.name, '{id}'), table: e.table }))).toEqual(
      profile.namespaces.map((n) => ({ keyPattern: n.keyPattern, table: n.table })),
    );
  });
});
