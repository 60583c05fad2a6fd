/**
 * Redis key names are bytes, not text. This is the one escaping used wherever a key name is
 * shown or written as JSON: printable UTF-8 is kept as it is, a backslash becomes `\\`, and
 * every other byte (control characters, invalid UTF-8) becomes `\xHH`. It is reversible, so
 * a name shown can be typed back. The exact bytes travel as hex (`keyNameFromHex`).
 */

const backslash = 0x5c;
const hexDigits = '0123456789abcdef';
const utf8 = new TextDecoder();
// Only ever given printable ASCII, where every single-byte decoder agrees.
const ascii = new TextDecoder('latin1');

function escapeByte(byte: number): string {
  return `\\x${hexDigits[byte >> 4]}${hexDigits[byte & 15]}`;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not one. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  let length: number;
  let min: number;
  if (lead >= 0xc2 && lead <= 0xdf) [length, min] = [2, 0x80];
  else if (lead >= 0xe0 && lead <= 0xef) [length, min] = [3, 0x800];
  else if (lead >= 0xf0 && lead <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  if (i + length > bytes.length) return 0;
  let codePoint = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k]!;
    if ((next & 0xc0) !== 0x80) return 0;
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
  if (codePoint < min || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return 0;
  return length;
}

/** Control characters and line or paragraph separators would break a line of output. */
const unprintable = /[\p{Cc}\p{Zl}\p{Zp}]/u;

function isPrintableAscii(byte: number): boolean {
  return byte >= 0x20 && byte < 0x7f && byte !== backslash;
}

/** A key name as people read it and JSON carries it (see above). */
export function displayKeyName(name: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const byte = name[i]!;
    if (isPrintableAscii(byte)) {
      let end = i + 1;
      while (end < name.length && isPrintableAscii(name[end]!)) end++;
      out += ascii.decode(name.subarray(i, end));
      i = end;
      continue;
    }
    if (byte === backslash) {
      out += '\\\\';
      i++;
      continue;
    }
    const length = byte >= 0x80 ? utf8SequenceLength(name, i) : 0;
    if (length > 0) {
      const char = utf8.decode(name.subarray(i, i + length));
      if (!unprintable.test(char)) {
        out += char;
        i += length;
        continue;
      }
    }
    out += escapeByte(byte);
    i++;
  }
  return out;
}

/** The exact bytes of a key name as lowercase hex, for requests that must name it exactly. */
export function keyNameToHex(name: Uint8Array): string {
  let out = '';
  for (const byte of name) out += hexDigits[byte >> 4]! + hexDigits[byte & 15]!;
  return out;
}

/** The bytes of a key name sent as hex; throws on anything that is not whole hex bytes. */
export function keyNameFromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) {
    throw new Error('a key name in hex needs an even number of hex digits');
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
