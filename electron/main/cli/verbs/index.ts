import type { Verb } from '../verb';
import { completionVerb } from './completion';
import { auditVerb } from './audit';
import { dlqListVerb } from './dlqList';
import { flushVerb } from './flush';
import { healthVerb } from './health';
import { flushCacheVerb, invalidateVerb } from './invalidate';
import { keysAnalyzeVerb } from './keysAnalyze';
import { keysGetVerb } from './keysGet';
import { keysCompareVerb } from './keysCompare';
import { lagVerb } from './lag';
import { parkVerb, replayVerb } from './replay';
import { serveVerb } from './serve';
import { statsVerb } from './stats';
import { timelineVerb } from './timeline';
import { exportVerb } from './export';

/**
 * Every verb of `cachescope`, in the order help lists them. A new verb is a file declaring
 * it (see verb.ts) and a line here; help, option errors and completion follow. A subcommand
 * is a verb named by two words (`keys get`); the first word groups them.
 */
export const verbs: readonly Verb[] = [
  healthVerb,
  statsVerb,
  lagVerb,
  flushVerb,
  dlqListVerb,
  keysAnalyzeVerb,
  keysGetVerb,
  keysCompareVerb,
  invalidateVerb,
  flushCacheVerb,
  replayVerb,
  parkVerb,
  auditVerb,
  timelineVerb,
  exportVerb,
  serveVerb,
  completionVerb,
] as readonly Verb[];
