import type { OffsetRange } from '../../../../shared/contracts/replay';

/** Runs of handled offsets a result lists per partition at most: a filter matching every other record must not grow it without end. */
const maxRuns = 1_000;

/**
 * The replay cursor of one DLQ partition while a job reads it in offset order: the offset to
 * commit is one past the highest handled offset that only handled records precede (from the
 * committed cursor on). A record left pending (not selected, not produced) blocks it; handled
 * records after a block are "ahead" and must be written to the ledger so that a later replay
 * skips them. Offsets the log does not hold (transaction markers, compacted gaps) are never
 * delivered, so reading in order from the cursor is what makes a gap safe to pass.
 */
export class PartitionCursor {
  /** The offset to commit: every record before it was handled. */
  commitOffset: number;
  /** Next offset the job expects; records below it were seen already (redelivered after a rebalance). */
  position: number;
  private blocked: boolean;
  private readonly handledRuns: OffsetRange[] = [];
  private aheadRuns: OffsetRange[] = [];
  private previousHandled = false;
  private aheadContinues = false;
  /** More runs than `maxRuns` were handled: `handled()` lists the first ones. */
  runsBounded = false;

  /**
   * @param before the committed cursor (the low watermark when nothing was committed)
   * @param start where the job starts reading; past `before` (a selection) nothing can be committed
   */
  constructor(
    readonly partition: number,
    readonly before: number,
    start: number = before,
  ) {
    this.commitOffset = before;
    this.position = start;
    this.blocked = start > before;
  }

  /** Whether a delivered offset is new to this job. */
  isNew(offset: number): boolean {
    return offset >= this.position;
  }

  /** Records what happened to the record at `offset` (delivered in order, each once). */
  record(offset: number, handled: boolean): void {
    this.position = offset + 1;
    if (!handled) {
      this.blocked = true;
      this.previousHandled = false;
      this.aheadContinues = false;
      return;
    }
    if (this.previousHandled || this.handledRuns.length < maxRuns) extend(this.handledRuns, this.partition, offset, this.previousHandled);
    else this.runsBounded = true;
    if (this.blocked) extend(this.aheadRuns, this.partition, offset, this.aheadContinues);
    else this.commitOffset = offset + 1;
    this.previousHandled = true;
    this.aheadContinues = this.blocked;
  }

  /** The partition was read to `end` (exclusive): with nothing left pending, the cursor moves there. */
  reachedEnd(end: number): void {
    if (!this.blocked && end > this.commitOffset) this.commitOffset = end;
  }

  /** Handled runs past a pending record since the last call: what the ledger must remember. */
  takeAhead(): OffsetRange[] {
    const ahead = this.aheadRuns;
    this.aheadRuns = [];
    this.aheadContinues = false;
    return ahead;
  }

  /** Every offset this job handled, as runs of consecutive handled records. */
  handled(): readonly OffsetRange[] {
    return this.handledRuns;
  }
}

/** Adds `offset` to the last run when the record read just before it was handled too, else starts a run. */
function extend(runs: OffsetRange[], partition: number, offset: number, continues: boolean): void {
  const last = runs[runs.length - 1];
  if (continues && last !== undefined) last.to = offset;
  else runs.push({ partition, from: offset, to: offset });
}
