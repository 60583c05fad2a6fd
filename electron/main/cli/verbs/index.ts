import type { Verb } from '../verb';
import { completionVerb } from './completion';
import { flushVerb } from './flush';
import { healthVerb } from './health';
import { lagVerb } from './lag';
import { serveVerb } from './serve';
import { statsVerb } from './stats';

/**
 * Every verb of `cachescope`, in the order help lists them. A new verb is a file declaring
 * it (see verb.ts) and a line here; help, option errors and completion follow.
 */
export const verbs: readonly Verb[] = [healthVerb, statsVerb, lagVerb, flushVerb, serveVerb, completionVerb];
