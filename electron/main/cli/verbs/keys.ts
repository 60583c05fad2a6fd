import type { Verb } from '../verbOptions';
import { keysAnalyzeVerb } from './keysAnalyze';

/** `keys <subcommand>`: one line per subcommand. */
export const keysSubcommands: Record<string, Verb> = {
  analyze: keysAnalyzeVerb,
};
