import type { EntityDefinition } from '../entities';
import type { WriteEnvelope } from '../envelope';
import { qualifiedTable, quoteIdent } from '../schema';

/**
 * SQL for applying queued writes. Every statement is conditional on the row's version, so
 * applying a record twice (redelivery after a crash) or late (out of order, a DLQ replay)
 * never moves a row backwards:
 *
 *   INSERT … ON CONFLICT (id) DO UPDATE SET … WHERE t.version < EXCLUDED.version
 *   DELETE … WHERE t.id = $id AND t.version < $version
 *
 * Rows travel as one jsonb array per statement (`jsonb_to_recordset`), so a batch costs a
 * few round trips whatever its size, and Postgres does the type conversions: a value it
 * cannot convert fails with a data exception (class 22), which is permanent.
 */
export interface Statement {
  text: string;
  values: unknown[];
}

export interface EntityWrite {
  entity: EntityDefinition;
  envelope: WriteEnvelope;
}

function recordsetColumns(entity: EntityDefinition): string {
  const data = entity.dataColumns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`);
  return ['id text', ...data, 'version bigint', 'updated_at timestamptz'].join(', ');
}

/** The row an upsert stores: the data columns the entity knows, plus key and version. */
export function upsertRow(entity: EntityDefinition, envelope: WriteEnvelope): Record<string, unknown> {
  const row: Record<string, unknown> = { id: envelope.id };
  for (const column of entity.dataColumns) row[column.name] = envelope.data?.[column.name] ?? null;
  row.version = envelope.version;
  row.updated_at = new Date(envelope.producedAt).toISOString();
  return row;
}

export function upsertStatement(schema: string, entity: EntityDefinition, envelopes: WriteEnvelope[]): Statement {
  const columns = ['id', ...entity.dataColumns.map((c) => c.name), 'version', 'updated_at'].map(quoteIdent);
  const updates = columns.filter((c) => c !== '"id"').map((c) => `${c} = EXCLUDED.${c}`);
  const text = `INSERT INTO ${qualifiedTable(schema, entity)} AS t (${columns.join(', ')})
SELECT ${columns.map((c) => `r.${c}`).join(', ')}
FROM jsonb_to_recordset($1::jsonb) AS r(${recordsetColumns(entity)})
ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}
WHERE t.version < EXCLUDED.version`;
  return { text, values: [JSON.stringify(envelopes.map((e) => upsertRow(entity, e)))] };
}

export function deleteStatement(schema: string, entity: EntityDefinition, envelopes: WriteEnvelope[]): Statement {
  const text = `DELETE FROM ${qualifiedTable(schema, entity)} AS t
USING jsonb_to_recordset($1::jsonb) AS r(id text, version bigint)
WHERE t.id = r.id AND t.version < r.version`;
  return { text, values: [JSON.stringify(envelopes.map((e) => ({ id: e.id, version: e.version })))] };
}

/**
 * Turns a batch into statements. One `INSERT … ON CONFLICT` cannot touch the same row twice,
 * so a batch holding several writes to one key is applied in rounds: round k holds every
 * key's k-th write, in version order. Version order (not arrival order) matters only for a
 * delete and an older upsert of the same key in one batch: the delete must come last.
 * Rows are sorted by id inside a statement so concurrent flushers lock rows in one order.
 */
export function planStatements(schema: string, writes: EntityWrite[]): Statement[] {
  const byKey = new Map<string, EntityWrite[]>();
  for (const write of writes) {
    const key = `${write.entity.name}:${write.envelope.id}`;
    const list = byKey.get(key);
    if (list) list.push(write);
    else byKey.set(key, [write]);
  }
  const histories = [...byKey.values()].map((list) => list.sort((a, b) => a.envelope.version - b.envelope.version));
  const rounds = Math.max(0, ...histories.map((h) => h.length));

  const statements: Statement[] = [];
  for (let round = 0; round < rounds; round++) {
    const groups = new Map<string, { entity: EntityDefinition; op: WriteEnvelope['op']; envelopes: WriteEnvelope[] }>();
    for (const history of histories) {
      const write = history[round];
      if (!write) continue;
      const groupKey = `${write.entity.name}/${write.envelope.op}`;
      const group = groups.get(groupKey) ?? { entity: write.entity, op: write.envelope.op, envelopes: [] };
      group.envelopes.push(write.envelope);
      groups.set(groupKey, group);
    }
    for (const group of [...groups.values()].sort((a, b) => (a.entity.name + a.op).localeCompare(b.entity.name + b.op))) {
      const sorted = group.envelopes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      statements.push(
        group.op === 'upsert' ? upsertStatement(schema, group.entity, sorted) : deleteStatement(schema, group.entity, sorted),
      );
    }
  }
  return statements;
}
