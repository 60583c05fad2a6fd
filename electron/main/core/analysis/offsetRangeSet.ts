import type { OffsetRange } from '../../../../shared/contracts/replay';

/** Sorted, overlapping and touching ranges of each partition joined. */
export function mergeRanges(ranges: readonly OffsetRange[]): OffsetRange[] {
  const sorted = [...ranges].sort((a, b) => a.partition - b.partition || a.from - b.from);
  const merged: OffsetRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.partition === range.partition && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else merged.push({ partition: range.partition, from: range.from, to: range.to });
  }
  return merged;
}

/** Offset ranges of several partitions, merged once, for "is this offset in?" by binary search. */
export class OffsetRangeSet {
  private readonly byPartition = new Map<number, OffsetRange[]>();

  constructor(ranges: readonly OffsetRange[]) {
    for (const range of mergeRanges(ranges)) {
      const runs = this.byPartition.get(range.partition) ?? [];
      runs.push(range);
      this.byPartition.set(range.partition, runs);
    }
  }

  has(partition: number, offset: number): boolean {
    const runs = this.byPartition.get(partition);
    if (!runs) return false;
    let low = 0;
    let high = runs.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const run = runs[mid]!;
      if (offset < run.from) high = mid - 1;
      else if (offset > run.to) low = mid + 1;
      else return true;
    }
    return false;
  }

  /** The partitions named, each with its lowest and highest offset. */
  spans(): { partition: number; from: number; to: number }[] {
    return [...this.byPartition].map(([partition, runs]) => ({ partition, from: runs[0]!.from, to: runs[runs.length - 1]!.to }));
  }
}
