import { expect, test } from 'vitest';
import { hexDump, valueText } from '../../../electron/main/core/analysis/valueText';

const limits = { textBytes: 16, hexBytes: 8 };
const utf8 = (text: string) => new TextEncoder().encode(text);
const whole = (bytes: Uint8Array) => valueText(bytes, bytes.length, limits);

test('whole JSON objects and arrays are pretty-printed', () => {
  expect(whole(utf8('{"a":[1,2]}'))).toEqual({ format: 'json', text: '{\n  "a": [\n    1,\n    2\n  ]\n}', bytes: 11, truncated: false });
  expect(whole(utf8('[1]')).format).toBe('json');
});

test('text that is not JSON, or numbers and strings JSON would accept, stays text', () => {
  expect(whole(utf8('{not json'))).toEqual({ format: 'text', text: '{not json', bytes: 9, truncated: false });
  expect(whole(utf8('42')).format).toBe('text');
  expect(whole(utf8('tab\tand\nnewline')).format).toBe('text');
});

test('text longer than the limit is cut, never inside a UTF-8 sequence, and not parsed as JSON', () => {
  const long = utf8(`{"k":"${'é'.repeat(20)}"}`);
  const shown = valueText(long, long.length, limits);
  expect(shown.format).toBe('text');
  expect(shown.truncated).toBe(true);
  expect(shown.text).toBe('{"k":"ééééé');
  // Only the first bytes fetched of a bigger value: truncated, whatever it looks like.
  expect(valueText(utf8('[1]'), 1_000, limits)).toEqual({ format: 'text', text: '[1]', bytes: 1_000, truncated: true });
});

test('bytes that are not printable text are a hex dump within its limit', () => {
  const binary = Uint8Array.from([0x00, 0xff, 0x41, 0x42, 0x0a, 1, 2, 3, 4, 5]);
  expect(whole(binary)).toEqual({ format: 'hex', text: `00000000  ${'00 ff 41 42 0a 01 02 03'.padEnd(47)}  |..AB....|`, bytes: 10, truncated: true });
  expect(whole(utf8('bell\u0007')).format).toBe('hex');
});

test('elements in a table cell are bare hex pairs', () => {
  const shown = valueText(Uint8Array.from([0x00, 0x9f, 0xff]), 3, { ...limits, hexLayout: 'pairs' });
  expect(shown).toEqual({ format: 'hex', text: '00 9f ff', bytes: 3, truncated: false });
});

test('a hex dump has 16 bytes a line with their offset', () => {
  const dump = hexDump(Uint8Array.from({ length: 20 }, (_, i) => 0x61 + i)).split('\n');
  expect(dump).toEqual([
    '00000000  61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|',
    '00000010  71 72 73 74                                      |qrst|',
  ]);
});
