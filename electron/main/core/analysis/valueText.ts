import type { ValueText } from '../../../../shared/contracts/keys';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Control characters other than tab, newline and carriage return: a value with them is not text. */
const nonTextControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** How many bytes at the end of `bytes` begin a UTF-8 sequence that the cut left incomplete. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? back : 0;
  }
  return 0;
}

function asText(bytes: Uint8Array): string | null {
  try {
    const text = strictUtf8.decode(bytes);
    return nonTextControl.test(text) ? null : text;
  } catch {
    return null;
  }
}

function prettyJson(text: string): string | null {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** `00000010  68 65 6c 6c 6f 0a …  |hello.|`: offset, 16 bytes in hex, printable ASCII. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/** Bytes as hex pairs, "00 9f ff": for an element in a table cell, where a dump's lines would not fit. */
export function hexPairs(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export interface ValueTextLimits {
  /** Bytes of text shown at most. */
  textBytes: number;
  /** Bytes shown at most in hex (a dump is four times as long as its bytes). */
  hexBytes: number;
  /** A hex dump with offsets and ASCII (the default), or bare hex pairs. */
  hexLayout?: 'dump' | 'pairs';
}

/**
 * How `bytes` — a value, or the first bytes of one whose full size is `totalBytes` — is
 * shown: JSON pretty-printed when the whole of it parses, UTF-8 text when it is printable,
 * hex otherwise; each within its limit, `truncated` when something is left out.
 */
export function valueText(bytes: Uint8Array, totalBytes: number, limits: ValueTextLimits): ValueText {
  const fetchedAll = bytes.length >= totalBytes;
  const textPart = bytes.subarray(0, Math.min(bytes.length, limits.textBytes));
  const cut = textPart.length < totalBytes;
  const text = asText(cut ? textPart.subarray(0, textPart.length - incompleteTail(textPart)) : textPart);
  if (text !== null) {
    const json = fetchedAll && !cut ? prettyJson(text) : null;
    return json !== null
      ? { format: 'json', text: json, bytes: totalBytes, truncated: false }
      : { format: 'text', text, bytes: totalBytes, truncated: cut };
  }
  const hexPart = bytes.subarray(0, Math.min(bytes.length, limits.hexBytes));
  const hex = limits.hexLayout === 'pairs' ? hexPairs(hexPart) : hexDump(hexPart);
  return { format: 'hex', text: hex, bytes: totalBytes, truncated: hexPart.length < totalBytes };
}
