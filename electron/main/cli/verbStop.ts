/**
 * When a verb that runs until stopped (`--watch`) should stop: Ctrl-C or SIGTERM, or its
 * reader gone. `cachescope stats --watch --json | head -1` closes the pipe after a line; a C
 * tool dies of SIGPIPE there, Node ignores SIGPIPE and fails the next write with EPIPE, which
 * would otherwise surface as an unexpected error. After EPIPE nothing more is written.
 */
export class VerbStop {
  private readonly controller = new AbortController();
  private signalsHandled = false;
  /** stdout's reader has gone: writing more would fail. */
  readerGone = false;

  constructor(
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly proc: NodeJS.EventEmitter = process,
  ) {
    // Kept for the life of the process: the final answer's write can be the one that fails.
    stdout.on('error', this.onStdoutError);
  }

  /**
   * Aborted when the verb should stop. Until the first call Ctrl-C ends the process at once, as
   * it should for a one-shot verb; from then on it stops the verb, and a second Ctrl-C (cleanup
   * hanging on a dead service) exits at once.
   */
  signal(): AbortSignal {
    if (!this.signalsHandled) {
      this.signalsHandled = true;
      this.proc.on('SIGINT', this.onSignal);
      this.proc.on('SIGTERM', this.onSignal);
    }
    return this.controller.signal;
  }

  /** Ctrl-C ends the process at once again; stdout stays watched. */
  dispose(): void {
    this.proc.off('SIGINT', this.onSignal);
    this.proc.off('SIGTERM', this.onSignal);
  }

  private readonly onSignal = () => {
    if (this.controller.signal.aborted) process.exit(130);
    this.controller.abort();
  };

  private readonly onStdoutError = (err: NodeJS.ErrnoException) => {
    // Any other failure to write the answer is the unexpected error it looks like.
    if (err.code !== 'EPIPE') throw err;
    this.readerGone = true;
    this.controller.abort();
  };
}
