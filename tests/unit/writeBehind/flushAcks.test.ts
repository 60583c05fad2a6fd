import { expect, test } from 'vitest';
import { ackMember, flushIsFresh } from '../../../shared/flushAcks';

const members = [
  { memberId: 'flusher-vm-7-ab12-3c1f0e2d', clientId: 'flusher-vm-7-ab12', host: '127.0.0.1', partitions: [0, 1] },
  { memberId: 'app-9f8e', clientId: 'orders-flusher-w2', host: '10.0.0.2', partitions: [2] },
];

test('an ack is matched to the member whose client id or member id it names', () => {
  expect(ackMember('flusher-vm-7-ab12', members)?.host).toBe('127.0.0.1');
  expect(ackMember('app-9f8e', members)?.clientId).toBe('orders-flusher-w2');
  expect(ackMember('w2', members)?.memberId).toBe('app-9f8e');
  expect(ackMember('vm-7-ab1', members)).toBeNull();
});

test('a flush that ended minutes ago is not fresh', () => {
  expect(flushIsFresh(1_000, 60_000)).toBe(true);
  expect(flushIsFresh(1_000, 1_000 + 3 * 60_000)).toBe(false);
});
