const backslash = 0x5c;
/** `*`, `?`, `[`, `]` and `\`: the bytes Redis's glob (SCAN MATCH, KEYS) gives a meaning. */
const globBytes = new Set([0x2a, 0x3f, 0x5b, 0x5d, backslash]);

/**
 * A MATCH pattern that matches `literal` and nothing else: each glob byte is preceded by a
 * backslash, which Redis's matcher reads as "the next byte as it is". Works on bytes, so
 * binary key names escape too; for text, escape its UTF-8 bytes.
 */
export function escapeGlob(literal: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const byte of literal) {
    if (globBytes.has(byte)) out.push(backslash);
    out.push(byte);
  }
  return Uint8Array.from(out);
}
