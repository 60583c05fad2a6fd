import type { Admin, GroupDescription } from 'kafkajs';
import type { GroupMember, GroupState } from '../../../../shared/contracts/writeBehind';
import type { AppError } from '../../../../shared/errors';
import type { PartitionOffsets } from '../analysis/partitionLag';
import { loadKafkajs, type Kafkajs } from '../connections/drivers';
import { kafkaReadError } from '../connections/kafkaErrors';
import { clientHost } from '../analysis/clientHost';

/** A consumer group and the topic whose lag it is judged on. */
export interface QueuePair {
  groupId: string;
  topic: string;
}

export interface QueueSnapshot {
  pair: QueuePair;
  /** Taken before the first request: the high watermarks are at least this recent. */
  requestedAt: number;
  /** Sorted by partition. */
  partitions: PartitionOffsets[];
  state: GroupState;
  members: GroupMember[];
}

export type QueueRead = { pair: QueuePair; snapshot: QueueSnapshot } | { pair: QueuePair; error: AppError };

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(work: () => Promise<T>): Promise<Settled<T>> {
  return work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

async function settleEach<T>(keys: readonly string[], work: (key: string) => Promise<T>): Promise<Map<string, Settled<T>>> {
  const results = await Promise.all(keys.map((key) => settle(() => work(key))));
  return new Map(keys.map((key, i) => [key, results[i]!]));
}

const unique = (values: readonly string[]) => [...new Set(values)];

/** Partitions of `topic` assigned to each member; groups of other protocols (Connect, streams) have none we can read. */
function membersOf({ AssignerProtocol }: Kafkajs, description: GroupDescription | undefined, topic: string): GroupMember[] {
  if (!description) return [];
  return description.members.map((member) => {
    let partitions: number[] = [];
    if (description.protocolType === 'consumer' && member.memberAssignment.length > 0) {
      try {
        const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        partitions = [...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b);
      } catch {
        partitions = [];
      }
    }
    return { memberId: member.memberId, clientId: member.clientId, host: clientHost(member.clientHost), partitions };
  });
}

/**
 * Reads, for each (group, topic) pair, the topic's low and high watermarks, the group's
 * committed offsets and its members. Requests are batched the way Kafka answers them: per
 * topic one ListOffsets per leader broker (twice: high and low), per group one OffsetFetch,
 * and one DescribeGroups per coordinator, so their number grows with brokers, topics and
 * groups, never with partitions. A failure is reported per pair, not for all of them.
 */
export async function readQueueOffsets(admin: Admin, pairs: readonly QueuePair[], target: string): Promise<QueueRead[]> {
  const requestedAt = Date.now();
  const topics = unique(pairs.map((p) => p.topic));
  const groups = unique(pairs.map((p) => p.groupId));
  const topicsOf = (groupId: string) => unique(pairs.filter((p) => p.groupId === groupId).map((p) => p.topic));
  // Topics first, then groups: on a fresh client, group lookups running alongside the first
  // metadata update are retried by kafkajs after ~300 ms; in this order nothing waits.
  // kafkajs decodes the members' assignments; fetched alongside, it delays no request.
  const [ends, kafkajs] = await Promise.all([settleEach(topics, (topic) => admin.fetchTopicOffsets(topic)), loadKafkajs()]);
  const [commits, described] = await Promise.all([
    settleEach(groups, (groupId) => admin.fetchOffsets({ groupId, topics: topicsOf(groupId) })),
    settle(() => admin.describeGroups(groups)),
  ]);

  return pairs.map((pair): QueueRead => {
    const end = ends.get(pair.topic)!;
    if (!end.ok) return { pair, error: kafkaReadError(end.error, target, pair.topic) };
    const commit = commits.get(pair.groupId)!;
    if (!commit.ok) return { pair, error: kafkaReadError(commit.error, target, pair.topic) };
    if (!described.ok) return { pair, error: kafkaReadError(described.error, target) };

    const committed = new Map(
      (commit.value.find((t) => t.topic === pair.topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
    );
    const partitions = end.value
      .map(({ partition, low, high }) => {
        const offset = committed.get(partition);
        // -1: the group has no committed offset for this partition.
        return { partition, low: Number(low), high: Number(high), committed: offset === undefined || offset < 0 ? null : offset };
      })
      .sort((a, b) => a.partition - b.partition);
    const description = described.value.groups.find((g) => g.groupId === pair.groupId);
    return {
      pair,
      snapshot: {
        pair,
        requestedAt,
        partitions,
        state: description?.state ?? 'Unknown',
        members: membersOf(kafkajs, description, pair.topic),
      },
    };
  });
}
