import { expect, test } from 'vitest';
import { clientHost } from '../../../electron/main/core/analysis/clientHost';

test('member hosts read without the slash of Java\'s InetAddress', () => {
  expect(clientHost('/127.0.0.1')).toBe('127.0.0.1');
  expect(clientHost('worker-3/10.0.0.7')).toBe('worker-3 (10.0.0.7)');
  expect(clientHost('10.0.0.7')).toBe('10.0.0.7');
  expect(clientHost('')).toBe('');
});
