import { describe, expect, test } from 'vitest';
import { productEntity, userEntity } from '../../../demo/entities';
import type { WriteEnvelope } from '../../../demo/envelope';
import { planStatements, upsertRow, upsertStatement } from '../../../demo/flusher/versionedSql';

const up = (id: string, version: number, entity = 'product'): WriteEnvelope => ({
  op: 'upsert',
  entity,
  id,
  version,
  data: { name: `n${id}`, price_cents: 1, stock: 2, email: 'a@b', ignored: true },
  producedAt: 0,
});
const del = (id: string, version: number): WriteEnvelope => ({ op: 'delete', entity: 'product', id, version, producedAt: 0 });

function rowsOf(values: unknown[]): Array<{ id: string; version: number }> {
  return JSON.parse(values[0] as string);
}

describe('versioned SQL', () => {
  test('the upsert only moves a row forward', () => {
    const { text } = upsertStatement('s', productEntity, [up('1', 1)]);
    expect(text).toContain('INSERT INTO "s"."products" AS t');
    expect(text).toContain('ON CONFLICT (id) DO UPDATE SET');
    expect(text).toMatch(/WHERE t\.version < EXCLUDED\.version$/);
  });

  test('rows carry only the entity columns, with updated_at from producedAt', () => {
    expect(upsertRow(productEntity, { ...up('1', 3), producedAt: 1_764_000_000_000 })).toEqual({
      id: '1',
      name: 'n1',
      price_cents: 1,
      stock: 2,
      version: 3,
      updated_at: '2025-11-24T16:00:00.000Z',
    });
    expect(Object.keys(upsertRow(userEntity, up('1', 1, 'user')))).toEqual(['id', 'email', 'name', 'version', 'updated_at']);
  });

  test('one statement per entity and op when every key appears once', () => {
    const statements = planStatements('s', [
      { entity: productEntity, envelope: up('b', 1) },
      { entity: userEntity, envelope: up('u', 1, 'user') },
      { entity: productEntity, envelope: up('a', 1) },
      { entity: productEntity, envelope: del('c', 1) },
    ]);
    expect(statements).toHaveLength(3);
    const productUpsert = statements.find((s) => s.text.includes('INSERT INTO "s"."products"'))!;
    expect(rowsOf(productUpsert.values).map((r) => r.id)).toEqual(['a', 'b']); // sorted: one lock order
  });

  test('several writes to one key go in rounds, in version order', () => {
    const statements = planStatements('s', [
      { entity: productEntity, envelope: del('k', 5) },
      { entity: productEntity, envelope: up('k', 4) },
      { entity: productEntity, envelope: up('k', 3) },
      { entity: productEntity, envelope: up('other', 1) },
    ]);
    const summary = statements.map((s) => [s.text.startsWith('DELETE') ? 'delete' : 'upsert', rowsOf(s.values).map((r) => `${r.id}@${r.version}`)]);
    expect(summary).toEqual([
      ['upsert', ['k@3', 'other@1']],
      ['upsert', ['k@4']],
      ['delete', ['k@5']],
    ]);
  });

  test('an empty batch plans nothing', () => {
    expect(planStatements('s', [])).toEqual([]);
  });
});
