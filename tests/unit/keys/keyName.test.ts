import { expect, test } from 'vitest';
import { displayKeyName, keyNameFromHex, keyNameFromText, keyNameOf, keyNameToHex } from '../../../shared/keyName';
import { AppError } from '../../../shared/errors';

const bytes = (...values: number[]) => Uint8Array.from(values);
const display = (text: string) => displayKeyName(keyNameFromText(text));

test('printable UTF-8 is kept as it is', () => {
  expect(display('product:42')).toBe('product:42');
  expect(display('café:商品:😀')).toBe('café:商品:😀');
  expect(display('a*b?[c]')).toBe('a*b?[c]');
});

test('a backslash is doubled; control characters and bytes that are not UTF-8 are \\xHH', () => {
  expect(display('a\\b')).toBe('a\\\\b');
  expect(display('line\nbreak\ttab')).toBe('line\\x0abreak\\x09tab');
  expect(display('del\u007f')).toBe('del\\x7f');
  // A C1 control is two UTF-8 bytes: both escaped.
  expect(display('c1\u0085')).toBe('c1\\xc2\\x85');
  expect(displayKeyName(bytes(0x62, 0x69, 0x6e, 0x3a, 0xff, 0x00, 0xfe))).toBe('bin:\\xff\\x00\\xfe');
});

test('invalid UTF-8 is escaped byte by byte: truncated, overlong, surrogate, beyond U+10FFFF', () => {
  expect(displayKeyName(bytes(0xe5, 0x95))).toBe('\\xe5\\x95');
  expect(displayKeyName(bytes(0xc0, 0xaf))).toBe('\\xc0\\xaf');
  expect(displayKeyName(bytes(0xe0, 0x80, 0xaf))).toBe('\\xe0\\x80\\xaf');
  expect(displayKeyName(bytes(0xed, 0xa0, 0x80))).toBe('\\xed\\xa0\\x80');
  expect(displayKeyName(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('\\xf4\\x90\\x80\\x80');
  // A valid sequence right after an invalid byte is kept.
  expect(displayKeyName(bytes(0xe5, 0x41, 0xc3, 0xa9))).toBe('\\xe5Aé');
});

test('a literal "\\x41" and the byte 0x41 display differently', () => {
  expect(display('\\x41')).toBe('\\\\x41');
  expect(displayKeyName(bytes(0x41))).toBe('A');
});

test('hex round trips every byte; input may be upper case or spaced', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  expect(keyNameFromHex(keyNameToHex(all))).toEqual(all);
  expect(keyNameToHex(bytes(0x00, 0xab, 0x0f))).toBe('00ab0f');
  expect(keyNameFromHex('DE ad Be EF')).toEqual(bytes(0xde, 0xad, 0xbe, 0xef));
  expect(keyNameFromHex('')).toEqual(bytes());
});

test('hex that is not hex is INVALID_INPUT, naming it', () => {
  for (const bad of ['abc', 'zz', '0x41']) {
    expect(() => keyNameFromHex(bad)).toThrow(AppError);
    expect(() => keyNameFromHex(bad)).toThrow(bad);
  }
});

test('keyNameOf gives the display form and the hex together', () => {
  expect(keyNameOf(bytes(0x6b, 0x0a))).toEqual({ display: 'k\\x0a', hex: '6b0a' });
});
