import type { KeySearch } from '../../../../shared/contracts/keys';
import { keyNameFromHex, keyNameFromText } from '../../../../shared/keyName';
import { escapeGlob } from './escapeGlob';

const star = 0x2a;

function containing(literal: Uint8Array): Uint8Array {
  return Uint8Array.from([star, ...escapeGlob(literal), star]);
}

/**
 * The SCAN MATCH pattern for a search: a glob as typed (everything when empty); for a
 * literal text or hex bytes, every key that contains them, glob bytes matched as themselves.
 */
export function keySearchPattern(search: KeySearch): Uint8Array {
  switch (search.as) {
    case 'glob':
      return search.text === '' ? Uint8Array.of(star) : keyNameFromText(search.text);
    case 'literal':
      return containing(keyNameFromText(search.text));
    case 'hex':
      return containing(keyNameFromHex(search.text));
  }
}
