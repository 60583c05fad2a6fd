import type { FlushDbResult } from '../../../../shared/contracts/controls';
import { AppError } from '../../../../shared/errors';
import type { JobContext } from '../jobs/jobRegistry';
import type { ScanNode } from '../keys/scanKeys';

export const flushDbJobKind = 'cache.flushDb';

/**
 * FLUSHDB ASYNC on every master (the server frees the memory in the background, so the call
 * itself is short). DBSIZE just before each says how many keys went. A master that fails
 * ends the job with the masters flushed so far in the error's details.
 */
export async function flushDatabase(masters: readonly ScanNode[], explainFailure: (err: unknown) => AppError, job: JobContext): Promise<FlushDbResult> {
  const startedAt = Date.now();
  const result: FlushDbResult = { masters: 0, keysBefore: 0, durationMs: 0 };
  for (const master of masters) {
    if (job.signal.aborted) break;
    try {
      const replies = (await master.client.multi().dbsize().flushdb('ASYNC').exec()) ?? [];
      const [sizeReply, flushReply] = [replies[0] ?? [new Error('no reply'), null], replies[1] ?? [new Error('no reply'), null]];
      const failure = sizeReply[0] ?? flushReply[0];
      if (failure) throw failure;
      const size = sizeReply[1];
      result.masters++;
      result.keysBefore += Number(size ?? 0);
    } catch (err) {
      const cause = err instanceof AppError ? err : explainFailure(err);
      throw new AppError(cause.code, `${cause.message}; ${result.masters} of ${masters.length} masters flushed before ${master.address} failed`, { ...result, durationMs: Date.now() - startedAt });
    }
    job.progress({ done: result.masters, total: masters.length, message: `${master.address} flushed (${result.keysBefore} keys so far)` });
  }
  return { ...result, durationMs: Date.now() - startedAt };
}
