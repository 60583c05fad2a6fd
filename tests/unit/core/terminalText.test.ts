import { describe, expect, test } from 'vitest';
import { terminalText } from '../../../electron/main/core/analysis/terminalText';

describe('terminalText', () => {
  test('plain text, tabs and non-ASCII letters pass unchanged', () => {
    expect(terminalText('flusher-1\tok — Zürich 東京')).toBe('flusher-1\tok — Zürich 東京');
  });

  test('escape sequences become visible instead of moving the cursor or retitling the window', () => {
    expect(terminalText('worker\x1b[2J\x1b]0;pwned\x07')).toBe('worker\\x1b[2J\\x1b]0;pwned\\x07');
  });

  test('carriage returns and newlines cannot forge another line', () => {
    expect(terminalText('ok\rFAILED\nsecond')).toBe('ok\\x0dFAILED\\x0asecond');
  });

  test('newlines stay where the caller wants lines; carriage returns never do', () => {
    expect(terminalText('one\ntwo\r\n', { keepNewlines: true })).toBe('one\ntwo\\x0d\n');
  });

  test('DEL, C1 controls (8-bit CSI) and bidi overrides are escaped', () => {
    expect(terminalText('a\x7fb\u009b31mc\u0085d')).toBe('a\\x7fb\\x9b31mc\\x85d');
    expect(terminalText('file\u202etxt.exe\u2066x\u2069')).toBe('file\\u202etxt.exe\\u2066x\\u2069');
  });

  test('NUL and every other C0 control', () => {
    const c0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    expect(terminalText(c0)).not.toMatch(/[\x00-\x08\x0a-\x1f]/);
  });
});
