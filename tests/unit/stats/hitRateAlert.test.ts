import { expect, test } from 'vitest';
import { alertPercentText, isAlertRatio, parseAlertPercent } from '../../../shared/hitRateAlert';

test('any percentage from 0 to 100 is accepted, decimals included', () => {
  expect(parseAlertPercent('0')).toEqual({ ratio: 0 });
  expect(parseAlertPercent('97.5')).toEqual({ ratio: 0.975 });
  expect(parseAlertPercent('99.9 %')).toEqual({ ratio: 0.999 });
  expect(parseAlertPercent('99,5')).toEqual({ ratio: 0.995 });
  expect(parseAlertPercent('100')).toEqual({ ratio: 1 });
});

test('out of range or not a number is refused with a message, not silently reverted', () => {
  expect(parseAlertPercent('150')).toEqual({ error: '150 % is out of range: type a percentage from 0 to 100' });
  expect(parseAlertPercent('-1')).toMatchObject({ error: expect.stringContaining('out of range') });
  expect(parseAlertPercent('')).toMatchObject({ error: expect.stringContaining('not a number') });
  expect(parseAlertPercent('abc')).toMatchObject({ error: '"abc" is not a number: type a percentage from 0 to 100' });
});

test('the level shows as it was typed', () => {
  expect(alertPercentText(0.975)).toBe('97.5');
  expect(alertPercentText(0.8)).toBe('80');
  expect(alertPercentText(0.999)).toBe('99.9');
  expect(alertPercentText(0)).toBe('0');
  expect(isAlertRatio(1)).toBe(true);
  expect(isAlertRatio(1.5)).toBe(false);
});
