import type { KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import type { ConstraintCheck, SupersededRecord } from '../../../../shared/contracts/replay';
import { AppError } from '../../../../shared/errors';
import { keyNameOf } from '../../../../shared/keyName';
import type { NamespaceMapping } from '../../../../shared/profile';
import type { DeadLetterOrigin } from '../analysis/deadLetterHeaders';
import type { MappedKey } from '../analysis/keyMapping';
import { envelopeVersion } from '../../../../shared/writeBehindProtocol';
import { brokenConstraints, checkConstraintsOf, type CheckConstraint } from './constraintCheck';
import { rowVersions } from './rowVersions';

/** `skipped`: not selected, stays pending; `todo`: selected, not handled yet. */
export type Outcome = 'skipped' | 'todo' | 'handled' | 'failed';

/** One pending dead letter of a chunk, and what became of it. */
export interface Candidate {
  message: KafkaMessage;
  offset: number;
  origin: DeadLetterOrigin;
  destination: string;
  outcome: Outcome;
  /** Its row through the profile's namespace mapping, when a check needs it. */
  mapped: (MappedKey & { id: string }) | null;
}

/** The chunk's candidates still to do that map to a table, by table. */
function byTable<T>(candidates: readonly Candidate[], entry: (c: Candidate & { mapped: MappedKey & { id: string } }) => T | null): Map<NamespaceMapping, T[]> {
  const tables = new Map<string, { mapping: NamespaceMapping; items: T[] }>();
  for (const c of candidates) {
    if (c.outcome !== 'todo' || c.mapped === null) continue;
    const item = entry(c as Candidate & { mapped: MappedKey & { id: string } });
    if (item === null) continue;
    const table = tables.get(c.mapped.mapping.table) ?? { mapping: c.mapped.mapping, items: [] };
    table.items.push(item);
    tables.set(c.mapped.mapping.table, table);
  }
  return new Map([...tables.values()].map((t) => [t.mapping, t.items]));
}

/**
 * Conflict-aware replay: marks handled the candidates whose envelope version is not newer than
 * their row's version in Postgres (read per table, one query per chunk), counts and lists them.
 */
export class SupersededCheck {
  count = 0;
  readonly records: SupersededRecord[] = [];

  constructor(
    private readonly pool: () => Promise<pg.Pool>,
    private readonly listLimit: number,
  ) {}

  async apply(candidates: readonly Candidate[], partition: number): Promise<void> {
    for (const [mapping, list] of byTable(candidates, (c) => c)) {
      const versions = await rowVersions(await this.pool(), mapping, [...new Set(list.map((c) => c.mapped.id))]).catch((err: unknown) => {
        throw new AppError('UNAVAILABLE', `could not read versions from Postgres table ${mapping.table}: ${(err as Error).message}`);
      });
      if (!versions.ok) continue;
      for (const c of list) {
        const envelope = envelopeVersion(c.message.value);
        const rowVersion = versions.versions.get(c.mapped.id);
        if (envelope === null || rowVersion === undefined || !/^\d+$/.test(rowVersion) || envelope.version > BigInt(rowVersion)) continue;
        c.outcome = 'handled';
        this.count++;
        if (this.records.length < this.listLimit) {
          this.records.push({ partition, offset: c.offset, key: keyNameOf(c.message.key ?? Buffer.alloc(0)), table: mapping.table, version: envelope.version.toString(), rowVersion });
        }
      }
    }
  }
}

/** The dry run's optional check of each upsert against its table's CHECK constraints (read-only, constraintCheck.ts). */
export class ConstraintsCheck {
  readonly result: ConstraintCheck = { checked: 0, violating: 0, violations: [], unchecked: 0 };
  private readonly known = new Map<string, CheckConstraint[]>();

  constructor(
    private readonly pool: () => Promise<pg.Pool>,
    private readonly listLimit: number,
  ) {}

  async apply(candidates: readonly Candidate[], partition: number): Promise<void> {
    const rows = byTable(candidates, (c) => {
      const envelope = envelopeVersion(c.message.value);
      if (envelope === null || envelope.op !== 'upsert' || envelope.data === null) return null;
      const { mapping, id } = c.mapped;
      return { candidate: c, row: { ...envelope.data, [mapping.keyColumn]: id, [mapping.versionColumn]: envelope.version.toString() } };
    });
    const checkable = [...rows.values()].reduce((sum, list) => sum + list.length, 0);
    this.result.unchecked += candidates.filter((c) => c.outcome === 'todo').length - checkable;
    for (const [mapping, list] of rows) {
      let known = this.known.get(mapping.table);
      if (!known) {
        known = await checkConstraintsOf(await this.pool(), mapping).catch(() => []);
        this.known.set(mapping.table, known);
      }
      const broken = await brokenConstraints(await this.pool(), mapping, known, list.map((r) => r.row)).catch(() => null);
      if (broken === null) {
        this.result.unchecked += list.length;
        continue;
      }
      for (const [i, name] of broken.entries()) {
        this.result.checked++;
        if (name === null) continue;
        this.result.violating++;
        const { candidate } = list[i]!;
        if (this.result.violations.length < this.listLimit) {
          this.result.violations.push({ partition, offset: candidate.offset, key: keyNameOf(candidate.message.key ?? Buffer.alloc(0)), table: mapping.table, constraint: name });
        }
      }
    }
  }
}
