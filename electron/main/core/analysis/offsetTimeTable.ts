/**
 * What is known about when the records of one partition were produced, as points sorted
 * by offset:
 *  - a high-watermark sample (`exact: false`): when `at` was taken, the log ended at
 *    `offset`, so the record at `offset` and all later ones were produced after `at`;
 *  - a read (`exact: true`): the first record at or after `offset` carries timestamp `at`.
 * Between two points a record's production time is bracketed; the table never claims more.
 */
export interface OffsetTimePoint {
  offset: number;
  at: number;
  exact: boolean;
}

export type OffsetTimeTable = readonly OffsetTimePoint[];

/** Points kept per partition; beyond it, the two closest brackets are merged. */
export const defaultTableCapacity = 64;

/** One point per offset: a read beats a sample, a later sample beats an earlier one. */
function insert(table: OffsetTimeTable, point: OffsetTimePoint): OffsetTimePoint[] {
  const next = [...table];
  const index = next.findIndex((p) => p.offset >= point.offset);
  if (index === -1) {
    next.push(point);
  } else if (next[index]!.offset === point.offset) {
    const existing = next[index]!;
    if (point.exact || (!existing.exact && point.at > existing.at)) next[index] = point;
  } else {
    next.splice(index, 0, point);
  }
  return next;
}

/**
 * Drops interior points until `capacity` remain, each time the one whose removal widens
 * a bracket the least, so precision is lost evenly rather than all at one end.
 */
function thin(points: OffsetTimePoint[], capacity: number): OffsetTimePoint[] {
  while (points.length > Math.max(2, capacity)) {
    let victim = 1;
    let narrowest = Infinity;
    for (let i = 1; i < points.length - 1; i++) {
      const width = points[i + 1]!.at - points[i - 1]!.at;
      if (width < narrowest) {
        narrowest = width;
        victim = i;
      }
    }
    points.splice(victim, 1);
  }
  return points;
}

/** Adds a high-watermark sample; a log that ended earlier than before was recreated, and its past is forgotten. */
export function withHighWatermark(
  table: OffsetTimeTable,
  high: number,
  at: number,
  capacity = defaultTableCapacity,
): OffsetTimeTable {
  const point = { offset: high, at, exact: false };
  if (table.some((p) => p.offset > high)) return [point];
  return thin(insert(table, point), capacity);
}

/** Adds what a read found: the first record at or after `offset` was produced at `at`. */
export function withRead(table: OffsetTimeTable, offset: number, at: number, capacity = defaultTableCapacity): OffsetTimeTable {
  return thin(insert(table, { offset, at, exact: true }), capacity);
}

/** Forgets what lies below the point that brackets `offset` from below: the group will not go back there. */
export function trimBelow(table: OffsetTimeTable, offset: number): OffsetTimeTable {
  let keepFrom = -1;
  for (let i = 0; i < table.length && table[i]!.offset <= offset; i++) keepFrom = i;
  return keepFrom > 0 ? table.slice(keepFrom) : table;
}

/**
 * When the first record at or after `offset` was produced, as far as the table knows:
 * not before `earliest` (the nearest point at or below it) and not after `latest` (the
 * nearest point above it, or the exact read at it). Null where nothing brackets it.
 */
export function producedAtBounds(table: OffsetTimeTable, offset: number): { earliest: number | null; latest: number | null } {
  let below: OffsetTimePoint | undefined;
  let above: OffsetTimePoint | undefined;
  for (const point of table) {
    if (point.offset <= offset) {
      below = point;
    } else {
      above = point;
      break;
    }
  }
  const exactHere = below?.exact === true && below.offset === offset;
  return { earliest: below?.at ?? null, latest: exactHere ? below!.at : (above?.at ?? null) };
}
