import { expect, test } from 'vitest';
import { redactUrl } from '../../../electron/main/core/analysis/redactUrl';

test('hides passwords in URLs', () => {
  expect(redactUrl('redis://:s3cret@cache:6379')).toBe('redis://:***@cache:6379');
  expect(redactUrl('postgres://app:pw@db:5432/shop')).toBe('postgres://app:***@db:5432/shop');
});

test('leaves URLs without a password alone', () => {
  expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
});

test('redacts even strings that are not URLs', () => {
  expect(redactUrl('weird//user:pw@host')).toBe('weird//user:***@host');
});
