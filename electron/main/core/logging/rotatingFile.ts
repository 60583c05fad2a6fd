import { chmodSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { appendPrivateFileSync, ensurePrivateDirSync, privateFileMode } from '../files/privateFiles';

export interface RotatingFileOptions {
  /** A file grows up to this size before it is rotated. */
  maxBytes: number;
  /** How many files are kept, the current one included: `x.log`, `x.log.1`, … */
  files: number;
}

export const defaultLogRotation: RotatingFileOptions = { maxBytes: 5 * 1024 * 1024, files: 3 };

/**
 * Appends lines to a file that never grows past `maxBytes`: the full file moves to `.1`,
 * `.1` to `.2`, and the oldest is dropped. Writes are synchronous, so the line about a
 * fatal error is on disk before the process exits. The size is read from the file, not
 * counted here, so two processes appending to it still rotate at the limit.
 */
export class RotatingFile {
  constructor(
    readonly path: string,
    private readonly options: RotatingFileOptions = defaultLogRotation,
  ) {
    ensurePrivateDirSync(dirname(path));
    try {
      // A file left by an older version may have the umask's bits.
      chmodSync(path, privateFileMode);
    } catch {
      // Not there yet: the first append creates it private.
    }
  }

  append(line: string): void {
    const text = `${line}\n`;
    if (this.size() > 0 && this.size() + Buffer.byteLength(text) > this.options.maxBytes) this.rotate();
    appendPrivateFileSync(this.path, text);
  }

  private size(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  private rotate(): void {
    for (let i = this.options.files - 1; i >= 1; i--) {
      const from = i === 1 ? this.path : `${this.path}.${i - 1}`;
      try {
        renameSync(from, `${this.path}.${i}`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
}
