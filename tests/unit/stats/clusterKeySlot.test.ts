import { expect, test } from 'vitest';
import { clusterKeySlot } from '../../../electron/main/core/analysis/clusterKeySlot';

test('slots match Redis Cluster’s (CRC16/XMODEM mod 16384)', () => {
  expect(clusterKeySlot('123456789')).toBe(0x31c3 % 16384);
  expect(clusterKeySlot('foo')).toBe(12182);
  expect(clusterKeySlot('bar')).toBe(5061);
});

test('a hash tag hashes only the tag; an empty one is no tag', () => {
  expect(clusterKeySlot('{user1000}.following')).toBe(clusterKeySlot('{user1000}.followers'));
  expect(clusterKeySlot('{user1000}.following')).toBe(clusterKeySlot('user1000'));
  expect(clusterKeySlot('foo{}{bar}')).not.toBe(clusterKeySlot('bar'));
  expect(clusterKeySlot('foo{{bar}}zap')).toBe(clusterKeySlot('{bar'));
});
