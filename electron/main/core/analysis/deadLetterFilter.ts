import type { DeadLetterFilter } from '../../../../shared/contracts/deadLetterFilter';
import { keyNameFromText } from '../../../../shared/keyName';
import type { DeadLetterOrigin } from './deadLetterHeaders';
import { redisGlobMatches } from './redisGlob';

/** What a filter looks at in one DLQ record. */
export interface FilterableDeadLetter {
  key: Buffer | null;
  origin: DeadLetterOrigin;
  /** The DLQ record's own timestamp, epoch ms: when `x-failed-at` is missing it stands for the failure time. */
  timestamp: number;
}

export type DeadLetterMatcher = (letter: FilterableDeadLetter) => boolean;

/**
 * Compiles a filter once into a predicate over records, so that a browse or a replay over a
 * long topic re-encodes nothing per record. Every field present must match; a record lacking
 * what a field asks about (no key, no original topic) does not match it.
 */
export function deadLetterMatcher(filter: DeadLetterFilter): DeadLetterMatcher {
  const errorText = filter.errorText?.toLowerCase();
  const keyBytes = filter.keyHex === undefined ? undefined : Buffer.from(filter.keyHex, 'hex');
  const keyPattern = filter.keyPattern === undefined ? undefined : keyNameFromText(filter.keyPattern);
  return ({ key, origin, timestamp }) => {
    if (errorText !== undefined && !(origin.error ?? '').toLowerCase().includes(errorText)) return false;
    if (filter.errorKind !== undefined && origin.errorKind !== filter.errorKind) return false;
    if (keyBytes !== undefined && (key === null || !keyBytes.equals(key))) return false;
    if (keyPattern !== undefined && (key === null || !redisGlobMatches(keyPattern, key))) return false;
    const failedAt = origin.failedAt ?? timestamp;
    if (filter.since !== undefined && failedAt < filter.since) return false;
    if (filter.until !== undefined && failedAt >= filter.until) return false;
    if (filter.originalTopic !== undefined && origin.originalTopic !== filter.originalTopic) return false;
    if (filter.originalPartition !== undefined && origin.originalPartition !== filter.originalPartition) return false;
    return true;
  };
}
