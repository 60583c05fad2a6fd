import { expect, test } from 'vitest';
import { redisGlobMatches } from '../../../electron/main/core/analysis/redisGlob';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const matches = (pattern: string, key: string) => redisGlobMatches(bytes(pattern), bytes(key));

test('* and ? as in Redis: any run of bytes, exactly one byte', () => {
  expect(matches('*', '')).toBe(true);
  expect(matches('*', 'anything')).toBe(true);
  expect(matches('product:*', 'product:42')).toBe(true);
  expect(matches('product:*', 'product:')).toBe(true);
  expect(matches('product:*', 'products:1')).toBe(false);
  expect(matches('a*b*c', 'aXXbYYc')).toBe(true);
  expect(matches('a*b*c', 'aXXbYY')).toBe(false);
  expect(matches('a**', 'a')).toBe(true);
  expect(matches('a*?', 'a')).toBe(false);
  expect(matches('h?llo', 'hello')).toBe(true);
  expect(matches('h?llo', 'hllo')).toBe(false);
  expect(matches('', '')).toBe(true);
  expect(matches('', 'a')).toBe(false);
  expect(matches('a', '')).toBe(false);
});

test('classes: members, ^ negation, ranges in either order ([a-] is the range a to ]), ] first closes an empty class', () => {
  expect(matches('h[ae]llo', 'hello')).toBe(true);
  expect(matches('h[ae]llo', 'hallo')).toBe(true);
  expect(matches('h[ae]llo', 'hillo')).toBe(false);
  expect(matches('h[^e]llo', 'hallo')).toBe(true);
  expect(matches('h[^e]llo', 'hello')).toBe(false);
  expect(matches('h[a-b]llo', 'hbllo')).toBe(true);
  expect(matches('h[a-b]llo', 'hcllo')).toBe(false);
  expect(matches('h[b-a]llo', 'hallo')).toBe(true);
  expect(matches('[a-z]', '-')).toBe(false);
  expect(matches('[a-]', '-')).toBe(false);
  expect(matches('[a-]', ']')).toBe(true);
  expect(matches('[a-]', 'a')).toBe(true);
  expect(matches('[]a]', 'a')).toBe(false);
  expect(matches('[]a]', ']a]')).toBe(false);
  expect(matches('[]a', 'a')).toBe(false);
  expect(matches('[^]a', 'xa')).toBe(true);
});

test('backslash escapes the next byte, inside classes too; a lone trailing backslash is itself', () => {
  expect(matches('a\\*b', 'a*b')).toBe(true);
  expect(matches('a\\*b', 'aXb')).toBe(false);
  expect(matches('\\?', '?')).toBe(true);
  expect(matches('\\?', 'x')).toBe(false);
  expect(matches('\\[x]', '[x]')).toBe(true);
  expect(matches('\\\\', '\\')).toBe(true);
  expect(matches('a\\', 'a\\')).toBe(true);
  expect(matches('[\\]]', ']')).toBe(true);
  expect(matches('[\\-a]', 'b')).toBe(false);
  expect(matches('[\\^]', '^')).toBe(true);
  expect(matches('[\\', '\\')).toBe(true);
  expect(matches('\\x', 'x')).toBe(true);
});

test('an unterminated [ reads to the end of the pattern', () => {
  expect(matches('a[bc', 'ab')).toBe(true);
  expect(matches('a[bc', 'ac')).toBe(true);
  expect(matches('a[bc', 'abc')).toBe(false);
  expect(matches('a[', 'a')).toBe(false);
  expect(matches('a[', 'ab')).toBe(false);
  expect(matches('a[^', 'ab')).toBe(true);
  expect(matches('[a-', 'a')).toBe(true);
  expect(matches('[a-', '-')).toBe(true);
});

test('bytes, not text: binary names, and range bounds compared as signed chars like Redis', () => {
  expect(redisGlobMatches(Uint8Array.from([0x2a, 0xff]), Uint8Array.from([0x00, 0x01, 0xff]))).toBe(true);
  expect(redisGlobMatches(Uint8Array.from([0x3f]), Uint8Array.from([0x00]))).toBe(true);
  // [a-\xff] is [-1..97] in signed chars: \xff and \x00…a, not b…\xfe.
  expect(matches('[a-\xff]', '\xff')).toBe(true);
  expect(matches('[a-\xff]', '\x90')).toBe(false);
  expect(matches('[a-\xff]', '\x10')).toBe(true);
  expect(matches('[a-\xff]', 'b')).toBe(false);
  expect(matches('caf\xc3\xa9:*', 'caf\xc3\xa9:1')).toBe(true);
  expect(matches('line\n*', 'line\nbreak')).toBe(true);
});

test('long names and pathological patterns end quickly (skipLongerMatches), as in Redis', () => {
  const long = 'a'.repeat(50_000);
  expect(matches(`${'*a'.repeat(30)}b`, long)).toBe(false);
  expect(matches(`*${'a'.repeat(100)}`, long)).toBe(true);
});

test('patterns nested deeper than 1000 stars match nothing, like Redis', () => {
  expect(matches(`${'*a'.repeat(1200)}`, 'a'.repeat(1200))).toBe(false);
  expect(matches(`${'*a'.repeat(900)}`, 'a'.repeat(900))).toBe(true);
});
