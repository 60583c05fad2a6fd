import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { murmur2, partitionForKey } from '../../../electron/main/core/analysis/murmur2';

const kafkajsMurmur2 = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2') as (key: Buffer) => number;

describe('murmur2', () => {
  // org.apache.kafka.common.utils.UtilsTest#testMurmur2
  test.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('%s hashes as in the Java client', (text, hash) => {
    expect(murmur2(Buffer.from(text))).toBe(hash);
  });

  test('agrees with kafkajs on every length and byte value', () => {
    for (let length = 0; length < 70; length++) {
      for (let seed = 0; seed < 20; seed++) {
        const bytes = Buffer.from(Array.from({ length }, (_, i) => (seed * 131 + i * 17 + length) % 256));
        expect(murmur2(bytes), bytes.toString('hex')).toBe(kafkajsMurmur2(bytes));
      }
    }
  });

  test('the partition is the positive hash modulo the partition count', () => {
    expect(partitionForKey(Buffer.from('21'), 3)).toBe((-973932308 & 0x7fffffff) % 3);
    for (let n = 1; n < 50; n++) expect(partitionForKey(Buffer.from(`product:${n}`), n)).toBeLessThan(n);
  });
});
