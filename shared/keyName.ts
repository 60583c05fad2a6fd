import { AppError } from './errors';

/**
 * Redis key names are bytes, not text. They are shown in one escaped form, and travel
 * as `{ display, hex }` so a key can always be reopened exactly (docs/key-names.md):
 *
 * - printable UTF-8 is kept as it is (`product:42`, `café`, `商品`);
 * - a backslash is doubled: `\\`;
 * - every other byte — bytes that are not valid UTF-8, and the UTF-8 bytes of control
 *   characters (C0, DEL, C1; newline and tab included) — is `\xHH`, lowercase.
 *
 * Every byte sequence has exactly one escaped form and reads back from it, so two different
 * keys never display alike.
 */
export interface KeyName {
  display: string;
  hex: string;
}

const utf8 = new TextEncoder();

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** Length of the valid UTF-8 sequence starting at `at` and its code point, or null when the bytes there are not one. */
function utf8SequenceAt(bytes: Uint8Array, at: number): { length: number; codePoint: number } | null {
  const lead = bytes[at]!;
  if (lead < 0x80) return { length: 1, codePoint: lead };
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || at + length > bytes.length) return null;
  let codePoint = lead & (0xff >> (length + 1));
  for (let i = 1; i < length; i++) {
    const next = bytes[at + i]!;
    if ((next & 0xc0) !== 0x80) return null;
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  const overlong = (length === 3 && codePoint < 0x800) || (length === 4 && codePoint < 0x10000);
  const surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
  if (overlong || surrogate || codePoint > 0x10ffff) return null;
  return { length, codePoint };
}

function isControl(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/** The one escaped form of a key name (see the top of this file). */
export function displayKeyName(bytes: Uint8Array): string {
  let out = '';
  let at = 0;
  while (at < bytes.length) {
    const sequence = utf8SequenceAt(bytes, at);
    if (sequence === null || isControl(sequence.codePoint)) {
      const end = at + (sequence?.length ?? 1);
      for (; at < end; at++) out += `\\x${hexByte(bytes[at]!)}`;
      continue;
    }
    out += sequence.codePoint === 0x5c ? '\\\\' : String.fromCodePoint(sequence.codePoint);
    at += sequence.length;
  }
  return out;
}

/** Lowercase hex of every byte, no separators: what `--hex` and `{ hex }` take. */
export function keyNameToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += hexByte(byte);
  return out;
}

/** The bytes of a hex string (either case, spaces allowed between bytes); INVALID_INPUT when it is not hex. */
export function keyNameFromHex(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new AppError('INVALID_INPUT', `"${digits.slice(0, 40)}${digits.length > 40 ? '…' : ''}" is not a key name in hex (two hex digits per byte)`);
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** A key name as it travels: its escaped form and its exact bytes in hex. */
export function keyNameOf(bytes: Uint8Array): KeyName {
  return { display: displayKeyName(bytes), hex: keyNameToHex(bytes) };
}

/** The UTF-8 bytes of a key typed as text. */
export function keyNameFromText(text: string): Uint8Array {
  return utf8.encode(text);
}
