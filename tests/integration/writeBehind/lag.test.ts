import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Admin, Producer, RequestEvent } from 'kafkajs';
import { expectNoLeaks } from '../support/leaks';
import { testKafka, uniqueName, waitFor } from '../demo/support';
import { readQueueOffsets } from '../../../electron/main/core/samplers/queueOffsets';
import { cli, startCore, throwawayGroups } from './support';
import type { MethodOutput } from '../../../shared/contract';

const kafka = testKafka();
const admin: Admin = kafka.admin();
// Idempotent: a send retried after a leader change must not duplicate the records counted on.
const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
const base = uniqueName('wb_lag');
const topic = `${base}.writes`;
const dlqTopic = `${base}.writes.dlq`;
const wideTopic = `${base}.wide`;
const group = `${base}-flusher`;
const conventions = { queueTopic: topic, dlqTopic, flusherGroup: group, controlTopic: `${base}.control` };
const target = inject('endpoints').kafkaBrokers.join(',');

/** Records produced per partition, and where the group committed. */
const produced = [7, 3, 5, 0];
const committed = [4, 3, null, null];
let producedBefore = 0;
let producedAfter = 0;

beforeAll(async () => {
  await admin.connect();
  await producer.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: produced.length },
      { topic: dlqTopic, numPartitions: 2 },
      { topic: wideTopic, numPartitions: 40 },
    ],
  });
  producedBefore = Date.now();
  await producer.send({
    topic,
    acks: -1,
    messages: produced.flatMap((n, partition) => Array.from({ length: n }, (_, i) => ({ partition, value: `r${i}` }))),
  });
  producedAfter = Date.now();
  await producer.send({ topic: dlqTopic, acks: -1, messages: [0, 0, 1].map((partition) => ({ partition, value: 'dead' })) });
  await admin.setOffsets({
    groupId: group,
    topic,
    partitions: committed.flatMap((offset, partition) => (offset === null ? [] : [{ partition, offset: String(offset) }])),
  });
  // The replay cursor replayed one dead letter of partition 0.
  await admin.setOffsets({ groupId: 'cachescope-replay', topic: dlqTopic, partitions: [{ partition: 0, offset: '1' }] });
  // kafkajs' setOffsets can return before the broker stored every commit.
  await waitFor(
    async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return committed.every((offset, partition) => offset === null || offsets!.partitions.find((p) => p.partition === partition)?.offset === String(offset));
    },
    10_000,
    'the committed offsets',
  );
});

afterAll(async () => {
  await admin.deleteGroups([group, 'cachescope-replay']).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, dlqTopic, wideTopic] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
});

describe('writeBehind.lag', () => {
  test('gives the exact lag of every partition and a time lag never below the oldest pending record\'s age', async () => {
    await expectNoLeaks(async () => {
      const { core, dispose } = await startCore(conventions);
      try {
        const report = await core.invoke('writeBehind.lag', { fresh: true });
        const [flusher] = report.groups;
        expect(flusher).toMatchObject({ groupId: group, topic, state: 'Empty', members: [], totalLag: 3 + 0 + 5 + 0 });
        expect(flusher!.partitions.map(({ partition, committed, low, high, lag }) => ({ partition, committed, low, high, lag }))).toEqual([
          { partition: 0, committed: 4, low: 0, high: 7, lag: 3 },
          { partition: 1, committed: 3, low: 0, high: 3, lag: 0 },
          { partition: 2, committed: null, low: 0, high: 5, lag: 5 },
          { partition: 3, committed: null, low: 0, high: 0, lag: 0 },
        ]);
        // The records were produced between producedBefore and producedAfter; the time lag
        // comes from reading them, so it is their age at sampledAt, to the millisecond.
        for (const partition of [0, 2]) {
          const timeLag = flusher!.partitions[partition]!.timeLagMs!;
          expect(timeLag).toBeGreaterThanOrEqual(report.sampledAt - producedAfter);
          expect(timeLag).toBeLessThanOrEqual(report.sampledAt - producedBefore + 1);
        }
        expect(flusher!.partitions[1]!.timeLagMs).toBe(0);
        expect(flusher!.maxTimeLagMs).toBe(Math.max(flusher!.partitions[0]!.timeLagMs!, flusher!.partitions[2]!.timeLagMs!));
        expect(report.dlq).toMatchObject({
          topic: dlqTopic,
          replayGroup: 'cachescope-replay',
          depth: 1 + 1,
          partitions: [
            { partition: 0, cursor: 1, high: 2, depth: 1 },
            { partition: 1, cursor: null, high: 1, depth: 1 },
          ],
        });
        expect(report.issues).toEqual([]);
      } finally {
        await dispose();
      }
      expect(await throwawayGroups(admin)).toEqual([]);
    });
  });

  test('the requests of one refresh do not grow with partitions', async () => {
    // The sampler's refresh is one readQueueOffsets over the queue and DLQ pairs.
    const requestsPerRefresh = async (queueTopic: string) => {
      const reader = kafka.admin();
      await reader.connect();
      try {
        const pairs = [
          { groupId: group, topic: queueTopic },
          { groupId: 'cachescope-replay', topic: dlqTopic },
        ];
        await readQueueOffsets(reader, pairs, target); // learns metadata and coordinators
        const requests: string[] = [];
        const stop = reader.on(reader.events.REQUEST, (event: RequestEvent) => requests.push(event.payload.apiName));
        const reads = await readQueueOffsets(reader, pairs, target);
        stop();
        expect(reads.every((r) => 'snapshot' in r)).toBe(true);
        return requests.sort();
      } finally {
        await reader.disconnect();
      }
    };
    const narrow = await requestsPerRefresh(topic);
    const wide = await requestsPerRefresh(wideTopic);
    expect(wide).toEqual(narrow);
    // Per topic two ListOffsets (high, low) per broker; per group a coordinator lookup and an
    // OffsetFetch; one DescribeGroups per coordinator: 2 topics, 2 groups, 1 broker.
    expect(narrow.filter((api) => api === 'ListOffsets')).toHaveLength(4);
    expect(narrow.filter((api) => api === 'OffsetFetch')).toHaveLength(2);
    expect(narrow.filter((api) => api === 'DescribeGroups')).toHaveLength(1);
  });

  test('a group or topic that does not exist is a clear error', async () => {
    const { core, dispose } = await startCore(conventions);
    try {
      await expect(core.invoke('writeBehind.lag', { group: `${base}-nobody` })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: `consumer group "${base}-nobody" does not exist on ${target}`,
      });
      await expect(core.invoke('writeBehind.lag', { group, topic: `${base}.nothing` })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: `topic "${base}.nothing" does not exist on ${target}`,
      });
    } finally {
      await dispose();
    }
  });

  test('a topic deleted while watched is reported, and the other topics are still read', async () => {
    const doomed = `${base}.doomed`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: doomed, numPartitions: 1 }] });
    const { core, dispose } = await startCore({ ...conventions, dlqTopic: doomed });
    try {
      expect((await core.invoke('writeBehind.lag', { fresh: true })).dlq).toMatchObject({ topic: doomed, depth: 0 });
      await admin.deleteTopics({ topics: [doomed] });
      // Kafka deletes a topic asynchronously: refresh until the sampler sees it gone.
      const reports: MethodOutput<'writeBehind.lag'>[] = [];
      await expect
        .poll(async () => {
          reports.push(await core.invoke('writeBehind.lag', { fresh: true }));
          return reports.at(-1)!.issues;
        }, { timeout: 15_000, interval: 250 })
        .toMatchObject([{ topic: doomed, error: { code: 'NOT_FOUND', message: `topic "${doomed}" does not exist on ${target}` } }]);
      // The queue itself was read in every refresh, while the deletion ran and after.
      for (const report of reports) expect(report.groups[0]).toMatchObject({ groupId: group, totalLag: 8 });
      expect(reports.at(-1)!.dlq).toBeNull();
      // The health probe's client never heard of the doomed topic.
      expect((await core.invoke('health.check', { fresh: true })).kafka.ok).toBe(true);
    } finally {
      await dispose();
    }
  });
});

describe('lag on the command line', () => {
  test('lag --json prints every partition with its lag and time lag, and does not call an idle group with records waiting OK', async () => {
    const { code, stdout, stderr } = await cli(['lag', '--json', '--group', group, '--topic', topic], { ...conventions, persistenceSlaMs: 3_600_000 });
    // Nothing was persisted in the 2 s watched, less than the status window: it cannot tell yet.
    expect(code).toBe(1);
    expect(stderr).toContain(`${group}: Not judged yet`);
    const report = JSON.parse(stdout);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ groupId: group, state: 'Empty', status: 'OK', slaBreached: false, totalLag: 8 });
    expect(report.groups[0].statusReason).toMatch(/^8 records waiting, none persisted for \d+ s$/);
    expect(report.groups[0].verdicts).toMatchObject({ headline: { judged: false }, drain: { kind: 'never' } });
    // One reading could not decide, so it watched: a reading a second over the 2 s window.
    expect(report.groups[0].windowSamples).toBeGreaterThanOrEqual(2);
    expect(report.groups[0].partitions[0]).toMatchObject({ topic, partition: 0, committed: 4, high: 7, lag: 3 });
    expect(report.groups[0].partitions[0].timeLagMs).toBeGreaterThanOrEqual(report.sampledAt - producedAfter);
    expect(report.groups[0].maxTimeLagMs).toBeGreaterThanOrEqual(report.sampledAt - producedAfter);
  });

  test('lag exits 1 when the oldest pending write is older than the SLA', async () => {
    const { code, stdout, stderr } = await cli(['lag'], { ...conventions, persistenceSlaMs: 1 });
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`${group} on ${topic}: Lagging · SLA breached \\([^)]+ > 1 ms\\)`));
    expect(stdout).toContain('  2 partitions caught up, not shown; --all to list');
    expect(stdout).toContain(`DLQ ${dlqTopic}: 2 not replayed (cursor cachescope-replay)`);
    expect(stderr).toContain(`${group}: Lagging · SLA breached`);
    // A breach is decided by the first reading: it answers at once instead of watching the window.
    const json = await cli(['lag', '--json'], { ...conventions, persistenceSlaMs: 1 });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).groups[0]).toMatchObject({ slaBreached: true, windowSamples: 1, verdicts: { headline: { judged: true, tone: 'bad' } } });
  });

  test('a group that does not exist exits 3 and says so', async () => {
    const { code, stdout, stderr } = await cli(['lag', '--json', '--group', `${base}-nobody`], conventions);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'NOT_FOUND' });
    expect(stderr).toContain(`consumer group "${base}-nobody" does not exist`);
  });
});
