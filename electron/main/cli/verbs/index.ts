import type { Verb } from '../verb';
import { completionVerb } from './completion';
import { auditVerb } from './audit';
import { flushVerb } from './flush';
import { healthVerb } from './health';
import { flushCacheVerb, invalidateVerb } from './invalidate';
import { keysAnalyzeVerb } from './keysAnalyze';
import { keysGetVerb } from './keysGet';
import { lagVerb } from './lag';
import { parkVerb, replayVerb } from './replay';
import { serveVerb } from './serve';
import { statsVerb } from './stats';

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
  keysAnalyzeVerb,
  keysGetVerb,
  invalidateVerb,
  flushCacheVerb,
  replayVerb,
  parkVerb,
  auditVerb,
  serveVerb,
  completionVerb,
] as readonly Verb[];
