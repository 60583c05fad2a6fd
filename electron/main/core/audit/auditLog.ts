import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditRecordSchema, type AuditPage, type AuditRecord } from '../../../../shared/contracts/audit';
import { auditRecordMatches, type AuditFilter } from '../analysis/auditRecord';
import { appendPrivateLine } from '../files/privateFiles';
import type { Disposable } from '../lifecycle/disposable';
import { Emitter } from '../lifecycle/emitter';

/** Where the audit log lives: beside the profiles, in the user data folder. */
export function auditFilePath(userDataDir: string): string {
  return join(userDataDir, 'audit.jsonl');
}

/** Bytes read per step from the end of the file, and at most per page. */
const chunkBytes = 64 * 1024;
const maxScanBytes = 4 * 1024 * 1024;

export interface AuditReadOptions extends AuditFilter {
  limit: number;
  before?: number | undefined;
}

/**
 * The audit log of every control action (DESIGN.md §2): appended to, never rewritten; read
 * newest first from the end of the file, a bounded number of bytes per page, so a log of
 * years opens as fast as a new one.
 */
export class AuditLog implements Disposable {
  /** Appends run one after another, so lines never interleave. */
  private tail: Promise<void> = Promise.resolve();
  private readonly appended = new Emitter<AuditRecord>();
  /** Each record once it is in the file, whatever its action (the timeline shows them live). */
  readonly onAppend = this.appended.event;

  constructor(readonly path: string) {}

  append(record: AuditRecord): Promise<void> {
    const line = JSON.stringify(record);
    const written = this.tail.then(() => appendPrivateLine(this.path, line));
    this.tail = written.catch(() => undefined);
    return written.then(() => this.appended.fire(record));
  }

  dispose(): void {
    this.appended.dispose();
  }

  async read(options: AuditReadOptions): Promise<AuditPage> {
    await this.tail;
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], before: null, scannedBytes: 0, skippedLines: 0, file: this.path };
      throw err;
    }
    try {
      const size = (await handle.stat()).size;
      let end = Math.min(options.before ?? size, size);
      const records: AuditRecord[] = [];
      let skippedLines = 0;
      let scannedBytes = 0;
      // Bytes of a line cut by the chunk boundary, kept until the rest of it is read.
      let carry = Buffer.alloc(0);
      while (end > 0 && records.length < options.limit && scannedBytes < maxScanBytes) {
        const start = Math.max(0, end - chunkBytes);
        const chunk = Buffer.alloc(end - start);
        await handle.read(chunk, 0, chunk.length, start);
        scannedBytes += chunk.length;
        let buffer = Buffer.concat([chunk, carry]);
        let lineEnd = buffer.length;
        // Walk the complete lines of this buffer from the last one back.
        for (let at = buffer.length - 1; at >= -1; at--) {
          if (at >= 0 && buffer[at] !== 0x0a) continue;
          if (at < 0 && start > 0) break;
          const line = buffer.subarray(at + 1, lineEnd).toString('utf8').trim();
          lineEnd = Math.max(at, 0);
          if (line === '') continue;
          const record = parseLine(line);
          if (!record) {
            skippedLines++;
            continue;
          }
          if (options.since !== undefined && Date.parse(record.time) < options.since) return { records, before: null, scannedBytes, skippedLines, file: this.path };
          if (auditRecordMatches(record, line, options)) records.push(record);
          if (records.length >= options.limit) {
            return { records, before: start + lineEnd > 0 ? start + lineEnd : null, scannedBytes, skippedLines, file: this.path };
          }
        }
        buffer = buffer.subarray(0, lineEnd);
        carry = start > 0 ? Buffer.from(buffer) : Buffer.alloc(0);
        end = start;
      }
      const before = end > 0 || carry.length > 0 ? end + carry.length : null;
      return { records, before, scannedBytes, skippedLines, file: this.path };
    } finally {
      await handle.close();
    }
  }
}

function parseLine(line: string): AuditRecord | null {
  try {
    const parsed = AuditRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
