import { randomUUID } from 'node:crypto';
import type { JobSnapshot } from '../../../../shared/contracts/jobs';
import { AppError, toAppErrorData } from '../../../../shared/errors';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter } from '../lifecycle/emitter';
import { rateOverWindow, type ProgressMark } from '../analysis/progressRate';

export interface JobProgress {
  done?: number;
  total?: number | null;
  message?: string;
}

export interface JobContext {
  /** Aborted on job.cancel or when the profile closes: stop within one batch. */
  readonly signal: AbortSignal;
  progress(update: JobProgress): void;
}

interface RunningJob {
  snapshot: JobSnapshot;
  controller: AbortController;
  marks: ProgressMark[];
  finished: Promise<void>;
}

/** How many ended jobs stay listed; older ones are forgotten. */
const keptEndedJobs = 50;

/**
 * Runs long operations as jobs: start returns at once, progress is pushed as
 * `job.progress`, cancel aborts the job's signal, and the end state carries the
 * job's own result (what was done) or its error.
 */
export class JobRegistry implements Disposable {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly progressed = new Emitter<JobSnapshot>();
  readonly onProgress = this.progressed.event;

  start<R>(kind: string, title: string, run: (ctx: JobContext) => Promise<R>): JobSnapshot {
    const controller = new AbortController();
    const job: RunningJob = {
      controller,
      marks: [],
      finished: Promise.resolve(),
      snapshot: {
        id: randomUUID(),
        kind,
        title,
        state: 'running',
        startedAt: Date.now(),
        endedAt: null,
        done: 0,
        total: null,
        rate: null,
        etaMs: null,
        message: null,
        result: null,
        error: null,
      },
    };
    this.jobs.set(job.snapshot.id, job);
    this.prune();
    this.progressed.fire(job.snapshot);
    const ctx: JobContext = { signal: controller.signal, progress: (update) => this.update(job, update) };
    job.finished = run(ctx).then(
      (result) => this.end(job, controller.signal.aborted ? 'cancelled' : 'succeeded', { result: result ?? null }),
      (err: unknown) =>
        this.end(job, controller.signal.aborted ? 'cancelled' : 'failed', { error: toAppErrorData(err) }),
    );
    return this.jobs.get(job.snapshot.id)!.snapshot;
  }

  get(id: string): JobSnapshot {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `no job "${id}"`);
    return job.snapshot;
  }

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((j) => j.snapshot).sort((a, b) => b.startedAt - a.startedAt);
  }

  /** Asks the job to stop and waits until it has (it reports what it did). */
  async cancel(id: string): Promise<JobSnapshot> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `no job "${id}"`);
    job.controller.abort(new AppError('DISPOSED', 'cancelled'));
    await job.finished;
    return job.snapshot;
  }

  private update(job: RunningJob, update: JobProgress): void {
    if (job.snapshot.state !== 'running') return;
    const now = Date.now();
    const done = update.done ?? job.snapshot.done;
    const total = update.total === undefined ? job.snapshot.total : update.total;
    job.marks.push({ at: now, done });
    const rate = rateOverWindow(job.marks, now);
    job.snapshot = {
      ...job.snapshot,
      done,
      total,
      rate,
      etaMs: total !== null && rate ? Math.max(0, ((total - done) / rate) * 1000) : null,
      message: update.message ?? job.snapshot.message,
    };
    this.progressed.fire(job.snapshot);
  }

  private end(
    job: RunningJob,
    state: JobSnapshot['state'],
    outcome: { result?: unknown; error?: JobSnapshot['error'] },
  ): void {
    job.snapshot = {
      ...job.snapshot,
      state,
      endedAt: Date.now(),
      etaMs: null,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
    };
    this.progressed.fire(job.snapshot);
  }

  private prune(): void {
    const ended = this.list().filter((j) => j.state !== 'running');
    for (const old of ended.slice(keptEndedJobs)) this.jobs.delete(old.id);
  }

  /** Cancels every running job and waits for each to report. */
  async dispose(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.snapshot.state === 'running');
    for (const job of running) job.controller.abort(new AppError('DISPOSED', 'the profile was closed'));
    await Promise.allSettled(running.map((j) => j.finished));
    this.progressed.dispose();
  }
}
