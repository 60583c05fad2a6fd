import type { Verb } from '../verbOptions';
import { keysAnalyzeVerb } from './keysAnalyze';
import { keysGetVerb } from './keysGet';

/** `keys <subcommand>`: one line per subcommand. */
export const keysSubcommands: Record<string, Verb> = {
  analyze: keysAnalyzeVerb,
  get: keysGetVerb,
};
