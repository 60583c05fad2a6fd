const star = 0x2a;
const question = 0x3f;
const open = 0x5b;
const close = 0x5d;
const backslash = 0x5c;
const caret = 0x5e;
const dash = 0x2d;

/** Redis gives up on patterns nested deeper than this (stringmatchlen's abuse guard). */
const maxNesting = 1000;

/** Redis compares range bounds as C `char`, which is signed on the platforms it runs on. */
function signed(byte: number): number {
  return byte >= 0x80 ? byte - 0x100 : byte;
}

interface MatchState {
  /** Set once the rest after a `*` matched nowhere: a longer match for an earlier `*` cannot help. */
  skipLongerMatches: boolean;
}

/**
 * Redis's `stringmatchlen` (util.c, case-sensitive), byte for byte, so that a pattern
 * matches here exactly the keys `SCAN … MATCH` returns: `*`, `?`, `[…]` with `^`, ranges
 * (either order) and `\` escapes inside, `\` escaping outside, an unterminated `[` reading
 * to the end of the pattern, and a trailing lone `\` matching a backslash.
 */
function matchFrom(pattern: Uint8Array, p: number, key: Uint8Array, s: number, state: MatchState, nesting: number): boolean {
  if (nesting > maxNesting) return false;
  const patternEnd = pattern.length;
  const keyEnd = key.length;
  while (p < patternEnd && s < keyEnd) {
    switch (pattern[p]) {
      case star: {
        while (p + 1 < patternEnd && pattern[p + 1] === star) p++;
        if (p + 1 === patternEnd) return true;
        while (s < keyEnd) {
          if (matchFrom(pattern, p + 1, key, s, state, nesting + 1)) return true;
          if (state.skipLongerMatches) return false;
          s++;
        }
        state.skipLongerMatches = true;
        return false;
      }
      case question:
        s++;
        break;
      case open: {
        p++;
        const not = pattern[p] === caret;
        if (not) p++;
        let match = false;
        for (;;) {
          if (pattern[p] === backslash && patternEnd - p >= 2) {
            p++;
            if (pattern[p] === key[s]) match = true;
          } else if (pattern[p] === close) {
            break;
          } else if (p >= patternEnd) {
            // Unterminated: the class ends with the pattern (Redis steps back so the outer step lands on the end).
            p--;
            break;
          } else if (patternEnd - p >= 3 && pattern[p + 1] === dash) {
            let start = signed(pattern[p]!);
            let end = signed(pattern[p + 2]!);
            if (start > end) [start, end] = [end, start];
            const c = signed(key[s]!);
            p += 2;
            if (c >= start && c <= end) match = true;
          } else if (pattern[p] === key[s]) {
            match = true;
          }
          p++;
        }
        if (not) match = !match;
        if (!match) return false;
        s++;
        break;
      }
      case backslash:
        if (patternEnd - p >= 2) p++;
        if (pattern[p] !== key[s]) return false;
        s++;
        break;
      default:
        if (pattern[p] !== key[s]) return false;
        s++;
        break;
    }
    p++;
    if (s === keyEnd) {
      while (p < patternEnd && pattern[p] === star) p++;
      break;
    }
  }
  return p >= patternEnd && s === keyEnd;
}

/**
 * Whether Redis's glob `pattern` (bytes) matches `key` (bytes), as SCAN MATCH decides. A
 * pattern of one `*` is not matched at all by SCAN and KEYS (they skip the matcher), so it
 * takes the empty key too, which `stringmatchlen` alone would not.
 */
export function redisGlobMatches(pattern: Uint8Array, key: Uint8Array): boolean {
  if (pattern.length === 1 && pattern[0] === star) return true;
  return matchFrom(pattern, 0, key, 0, { skipLongerMatches: false }, 0);
}
