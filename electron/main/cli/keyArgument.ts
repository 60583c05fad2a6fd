import { keyNameFromHex, keyNameFromText, keyNameToHex } from '../../../shared/keyName';
import { usageError, type CliResult } from './cliResult';

/** The key's bytes in hex: the argument's UTF-8, or with --hex the argument itself. */
export function keyHex(argument: string, hex: boolean): string | CliResult {
  if (argument === '') return usageError('the key is empty: Redis has no key of zero bytes');
  if (!hex) return keyNameToHex(keyNameFromText(argument));
  try {
    return keyNameToHex(keyNameFromHex(argument));
  } catch (err) {
    return usageError((err as Error).message);
  }
}

