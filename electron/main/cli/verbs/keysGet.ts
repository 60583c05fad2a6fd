import { AppError } from '../../../../shared/errors';
import { keyNameFromHex, keyNameFromText, keyNameToHex } from '../../../../shared/keyName';
import type { Core } from '../../core/core';
import { exitCodes, type CliResult } from '../cliResult';
import { keyDetailJson, keyDetailText } from '../keyOutput';
import type { VerbOptions } from '../verbOptions';

/** The key's bytes in hex: the argument's UTF-8, or with --hex the argument itself. */
function keyHex(argument: string, hex: boolean): string | CliResult {
  if (!hex) return keyNameToHex(keyNameFromText(argument));
  try {
    return keyNameToHex(keyNameFromHex(argument));
  } catch (err) {
    return { output: '', exitCode: exitCodes.usage, reason: (err as Error).message };
  }
}

/** `keys get <key> [--hex]`: one key in detail with a bounded preview; exit 1 when it does not exist. */
export async function keysGetVerb(core: Core, json: boolean, options: VerbOptions): Promise<CliResult> {
  const args = options.args ?? [];
  if (args.length !== 1) {
    return { output: '', exitCode: exitCodes.usage, reason: `keys get takes one key (its bytes in hex with --hex), got ${args.length} arguments` };
  }
  const hex = keyHex(args[0]!, options.hex ?? false);
  if (typeof hex !== 'string') return hex;
  try {
    const detail = await core.invoke('keys.get', { hex });
    return { output: json ? JSON.stringify(keyDetailJson(detail)) : keyDetailText(detail), exitCode: exitCodes.ok };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
    return { output: json ? JSON.stringify({ error: err.toData() }) : '', exitCode: exitCodes.unhealthy, reason: err.message };
  }
}
