import { expect, test } from 'vitest';
import { displayKeyName, keyNameFromHex, keyNameToHex } from '../../../shared/keyName';

const show = (bytes: number[] | string) => displayKeyName(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Uint8Array.from(bytes));

test('printable UTF-8 is kept as it is', () => {
  expect(show('user:42')).toBe('user:42');
  expect(show('café:ünï:日本:🙂')).toBe('café:ünï:日本:🙂');
  expect(show('a*b?[c]')).toBe('a*b?[c]');
});

test('backslashes are doubled and every other byte is \\xHH', () => {
  expect(show('a\\b')).toBe('a\\\\b');
  expect(show('line\nbreak\t')).toBe('line\\x0abreak\\x09');
  expect(show([0x00, 0xff, 0x41, 0x7f])).toBe('\\x00\\xffA\\x7f');
  // A lone continuation byte, a truncated sequence, an overlong form, a surrogate.
  expect(show([0x80])).toBe('\\x80');
  expect(show([0xe6, 0x97])).toBe('\\xe6\\x97');
  expect(show([0xc0, 0xaf])).toBe('\\xc0\\xaf');
  expect(show([0xed, 0xa0, 0x80])).toBe('\\xed\\xa0\\x80');
  // C1 controls and line separators are UTF-8 but not printable.
  expect(show('\u0085\u2028')).toBe('\\xc2\\x85\\xe2\\x80\\xa8');
});

test('hex carries the exact bytes both ways', () => {
  const bytes = Uint8Array.from([0, 1, 0xab, 0xff, 0x3a]);
  expect(keyNameToHex(bytes)).toBe('0001abff3a');
  expect(keyNameFromHex('0001ABff3a')).toEqual(bytes);
  expect(keyNameFromHex('')).toEqual(new Uint8Array());
  expect(() => keyNameFromHex('abc')).toThrow(/even number/);
  expect(() => keyNameFromHex('zz')).toThrow(/hex/);
});

test('a 10 kB name is displayed whole', () => {
  expect(show('x'.repeat(10_240))).toHaveLength(10_240);
});
