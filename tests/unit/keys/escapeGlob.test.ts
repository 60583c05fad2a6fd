import { expect, test } from 'vitest';
import { escapeGlob } from '../../../electron/main/core/analysis/escapeGlob';
import { clusterKeySlot } from '../../../electron/main/core/analysis/clusterKeySlot';
import { keySearchPattern } from '../../../electron/main/core/analysis/keySearchPattern';

const text = new TextEncoder();
const escaped = (literal: string) => Buffer.from(escapeGlob(text.encode(literal))).toString();

test('each glob byte gets a backslash; other bytes stay', () => {
  expect(escaped('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  expect(escaped('product:42')).toBe('product:42');
  expect(escaped('')).toBe('');
  expect(Buffer.from(escapeGlob(Uint8Array.from([0xff, 0x2a, 0x00]))).toString('hex')).toBe('ff5c2a00');
});

test('non-ASCII text keeps its UTF-8 bytes', () => {
  expect(escaped('café*')).toBe('café\\*');
});

test('cluster slots of bytes match those of the same text, hash tags included', () => {
  for (const key of ['foo', '{user1000}.following', 'foo{}{bar}', 'café']) {
    expect(clusterKeySlot(text.encode(key))).toBe(clusterKeySlot(key));
  }
  expect(clusterKeySlot(Uint8Array.from([0x7b, 0xff, 0x7d, 0x01]))).toBe(clusterKeySlot(Uint8Array.from([0xff])));
});

test('a search becomes a MATCH pattern: glob as typed, literal text and hex bytes as "contains"', () => {
  const pattern = (text: string, as: 'glob' | 'literal' | 'hex') => Buffer.from(keySearchPattern({ text, as }));
  expect(pattern('product:*', 'glob').toString()).toBe('product:*');
  expect(pattern('', 'glob').toString()).toBe('*');
  expect(pattern('a*b', 'literal').toString()).toBe('*a\\*b*');
  expect(pattern('', 'literal').toString()).toBe('**');
  expect(pattern('ff2a', 'hex').toString('hex')).toBe('2aff5c2a2a');
  expect(() => pattern('xyz', 'hex')).toThrow('not a key name in hex');
});
