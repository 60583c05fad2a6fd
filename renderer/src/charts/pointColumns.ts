import type { SeriesPoint } from '../../../shared/contracts/common';

/**
 * A time series as two columns of doubles: epoch milliseconds, and the value (NaN for a gap),
 * in time order, appended at the end and dropped at the front. A day of 1 s points is two
 * flat buffers that a reduction reads in one sequential pass; as 86,400 `[time, value]` pairs
 * it is as many small arrays spread over the heap, and a pass over them waits on memory.
 */
export class PointColumns {
  private times: Float64Array;
  private values: Float64Array;
  /** Index of the first point kept, and one past the last. */
  private head = 0;
  private tail = 0;

  constructor(capacity = 64) {
    this.times = new Float64Array(Math.max(1, capacity));
    this.values = new Float64Array(Math.max(1, capacity));
  }

  /** Points from the wire (`null` for a gap), in time order. */
  static from(points: readonly SeriesPoint[]): PointColumns {
    const columns = new PointColumns(points.length);
    for (const [time, value] of points) columns.push(time, value);
    return columns;
  }

  get length(): number {
    return this.tail - this.head;
  }

  timeAt(index: number): number {
    return this.times[this.head + index]!;
  }

  /** NaN for a gap. */
  valueAt(index: number): number {
    return this.values[this.head + index]!;
  }

  /** Appends a point after the last; the caller keeps time order. */
  push(time: number, value: number | null): void {
    if (this.tail === this.times.length) this.makeRoom();
    this.times[this.tail] = time;
    this.values[this.tail] = value ?? NaN;
    this.tail++;
  }

  /** Forgets the points before `time`; their space is reused when the columns fill up. */
  dropBefore(time: number): void {
    this.head += this.firstAtOrAfter(time);
  }

  /** Index of the first point at or after `time` (`length` when there is none). */
  firstAtOrAfter(time: number): number {
    let low = this.head;
    let high = this.tail;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.times[mid]! < time) low = mid + 1;
      else high = mid;
    }
    return low - this.head;
  }

  /** The time of the first value that is not a gap; null when there is none. */
  firstValueTime(): number | null {
    for (let i = this.head; i < this.tail; i++) {
      if (!Number.isNaN(this.values[i]!)) return this.times[i]!;
    }
    return null;
  }

  /** Whether any value (gaps aside) passes `test`. */
  someValue(test: (value: number) => boolean): boolean {
    for (let i = this.head; i < this.tail; i++) {
      const value = this.values[i]!;
      if (!Number.isNaN(value) && test(value)) return true;
    }
    return false;
  }

  /** Full: slide the kept points to the front when at least half was dropped, else grow. */
  private makeRoom(): void {
    const kept = this.length;
    if (this.head >= this.times.length / 2) {
      this.times.copyWithin(0, this.head, this.tail);
      this.values.copyWithin(0, this.head, this.tail);
    } else {
      const times = new Float64Array(this.times.length * 2);
      const values = new Float64Array(this.values.length * 2);
      times.set(this.times.subarray(this.head, this.tail));
      values.set(this.values.subarray(this.head, this.tail));
      this.times = times;
      this.values = values;
    }
    this.head = 0;
    this.tail = kept;
  }
}
