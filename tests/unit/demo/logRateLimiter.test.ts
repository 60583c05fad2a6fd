import { expect, test } from 'vitest';
import kafkajs from 'kafkajs';
import { oneLineLogCreator } from '../../../demo/kafkaClient';
import { LogRateLimiter } from '../../../demo/logRateLimiter';

test('an identical line is shown at most once per interval, then with the count held back', () => {
  const limiter = new LogRateLimiter(10_000);
  const shown = [0, 100, 200, 9_999, 10_000, 10_500, 25_000].map((at) => limiter.admit('broker down', at));
  expect(shown).toEqual(['broker down', null, null, null, 'broker down (×4 in 10 s)', null, 'broker down (×2 in 15 s)']);
  // Other lines are not held back by it.
  expect(limiter.admit('another', 10_600)).toBe('another');
});

test('it forgets the lines shown longest ago beyond its capacity', () => {
  const limiter = new LogRateLimiter(10_000, 2);
  limiter.admit('a', 0);
  limiter.admit('b', 1);
  limiter.admit('c', 2);
  expect(limiter.admit('a', 3)).toBe('a');
  expect(limiter.admit('c', 4)).toBeNull();
});

test('kafkajs lines name the client that logged them, and an outage logs a line per 10 s with a count', () => {
  const printed: string[] = [];
  let now = 0;
  const log = oneLineLogCreator('flusher-vm-1-ab', (line) => printed.push(line), () => now)(kafkajs.logLevel.ERROR);
  const entry = (message: string) => ({ namespace: 'Connection', level: kafkajs.logLevel.ERROR, label: 'ERROR', log: { message, timestamp: '' } });
  for (now = 0; now < 30_000; now += 40) log(entry('Connection error: connect ECONNREFUSED 127.0.0.1:9092'));
  log(entry('The group is rebalancing, so a rejoin is needed'));
  expect(printed).toEqual([
    '[flusher-vm-1-ab] [kafkajs error] Connection: Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    '[flusher-vm-1-ab] [kafkajs error] Connection: Connection error: connect ECONNREFUSED 127.0.0.1:9092 (×250 in 10 s)',
    '[flusher-vm-1-ab] [kafkajs error] Connection: Connection error: connect ECONNREFUSED 127.0.0.1:9092 (×250 in 10 s)',
  ]);
});
