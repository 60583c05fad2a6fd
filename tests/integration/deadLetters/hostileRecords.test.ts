import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testKafka, uniqueName } from '../demo/support';
import { startCore, type Conventions } from '../writeBehind/support';
import { createDeadLetterTopic, hostileDeadLetters as hostile } from './fixtures';

/**
 * Dead letters come from other people's code: headers that are not UTF-8, numbers that are
 * not numbers, Spring integers of the wrong width, repeated headers, keys of any bytes.
 * Listing, grouping and opening them answers with what can be read and never fails.
 */

const kafka = testKafka();
const admin = kafka.admin();
const producer = kafka.producer({ allowAutoTopicCreation: false });
const base = uniqueName('dlqh');
const conventions: Conventions = { dlqTopic: `${base}.dlq`, replayGroup: `${base}-replay` };


beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  await createDeadLetterTopic(admin, conventions.dlqTopic!, 1);
  await producer.send({ topic: conventions.dlqTopic!, acks: -1, messages: hostile });
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [conventions.dlqTopic!] }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

describe('hostile dead letters', () => {
  test('are listed, grouped and opened with what can be read', async () => {
    const { core, dispose } = await startCore(conventions);
    try {
      const page = await core.invoke('deadLetters.list', { order: 'oldest' });
      expect(page.rows).toHaveLength(hostile.length);
      const [binary, spring, repeated, empty, long] = page.rows;
      expect(binary).toMatchObject({ key: { display: '\\xff\\x00\\x0a\\x1b', hex: 'ff000a1b' }, origin: { error: null, errorKind: 'permanent', failedAt: null, originalPartition: null, originalOffset: null, attempts: null }, preview: { format: 'hex' } });
      expect(spring!.origin).toMatchObject({ convention: 'spring', originalTopic: 'orders', originalPartition: null, originalOffset: null, error: null });
      // The last x-error wins, and text with control characters (a terminal escape here) is not shown as text.
      expect(repeated!.origin).toMatchObject({ error: null, originalTopic: 'b' });
      expect(empty).toMatchObject({ key: null, preview: null, origin: { convention: 'none', failedAt: null } });
      expect(long!.origin.errorKind).toBe('transient');

      const groups = await core.invoke('deadLetters.groups', {});
      expect(groups.groups.reduce((sum, g) => sum + g.count, 0)).toBe(hostile.length);
      expect(groups.groups.every((g) => g.pattern.length <= 300)).toBe(true);

      for (const row of page.rows) {
        const detail = await core.invoke('deadLetters.get', { partition: row.partition, offset: row.offset });
        expect(detail.offset).toBe(row.offset);
      }
      const repeatedDetail = await core.invoke('deadLetters.get', { partition: repeated!.partition, offset: repeated!.offset });
      expect(repeatedDetail.headers.filter((h) => h.name === 'x-error').map((h) => h.text)).toEqual(['first', null]);
      expect(repeatedDetail.envelope).toBeNull();
      const springDetail = await core.invoke('deadLetters.get', { partition: spring!.partition, offset: spring!.offset });
      expect(springDetail.headers.find((h) => h.name === 'kafka_dlt-original-offset')).toMatchObject({ text: null, hex: 'ffffffffffffffff', decoded: '-1' });
      const longDetail = await core.invoke('deadLetters.get', { partition: long!.partition, offset: long!.offset });
      expect(longDetail.envelope).toMatchObject({ entity: 'product', version: null });
      // A NUL cannot be a Postgres text id: the key is not looked up, rather than failing the query.
      expect(longDetail.current).toBeNull();
    } finally {
      await dispose();
    }
  });
});
