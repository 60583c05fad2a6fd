import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { FlushAck } from './controlMessages';
import { parseFlushCommand } from './controlMessages';

export interface ControlChannelOptions {
  kafka: Kafka;
  /** Connected and disconnected by the flusher that owns this channel. */
  admin: Admin;
  producer: Producer;
  topic: string;
  /** Unique per flusher process: every flusher must see every command. */
  groupId: string;
  workerId: string;
  /** Flushes the in-memory batch; resolves with the number of records it held. */
  flush: () => Promise<number>;
  log: (line: string) => void;
  /** As for the flusher's own group: how long a killed worker's group stays non-empty. */
  sessionTimeoutMs?: number;
}

/**
 * Listens on the control topic and answers each flush command with a flush-ack once the
 * in-memory batch is in Postgres and its offsets are committed.
 *
 * Commands older than the channel are history, not orders: it reads from the end of the
 * topic as it was just before joining (a seek, rather than kafkajs' "latest" at first
 * fetch, so a command sent after start() resolves is never missed). Its group commits
 * nothing, so Kafka forgets it as soon as the process leaves or dies.
 */
/** Control groups are `<flusher group>.control.<worker id>`. */
export function controlGroupId(flusherGroup: string, workerId: string): string {
  return `${flusherGroup}.control.${workerId}`;
}

function controlGroupPrefix(groupId: string): string {
  return groupId.slice(0, groupId.lastIndexOf('.control.') + '.control.'.length);
}

/**
 * A flusher that exits cleanly takes its control group with it (it commits no offsets, so
 * Kafka drops the group when the last member leaves); one killed with SIGKILL leaves an
 * Empty group behind. The next flusher of the same group deletes those leftovers, so
 * listings (and the dashboard) do not fill up with dead workers.
 */
async function sweepAbandonedGroups(admin: Admin, prefix: string): Promise<void> {
  const { groups } = await admin.listGroups();
  const candidates = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
  if (candidates.length === 0) return;
  const described = await admin.describeGroups(candidates);
  const abandoned = described.groups.filter((g) => g.state === 'Empty').map((g) => g.groupId);
  if (abandoned.length > 0) await admin.deleteGroups(abandoned);
}

export class ControlChannel {
  private constructor(
    private readonly consumer: Consumer,
    private readonly options: ControlChannelOptions,
  ) {}

  static async start(options: ControlChannelOptions): Promise<ControlChannel> {
    const { kafka, admin, topic, groupId } = options;
    await sweepAbandonedGroups(admin, controlGroupPrefix(groupId)).catch(() => undefined);
    const ends = await admin.fetchTopicOffsets(topic);
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    const consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: 500,
      sessionTimeout,
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
      allowAutoTopicCreation: false,
    });
    const channel = new ControlChannel(consumer, options);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachMessage: ({ message }) =>
          channel.handle(message.value).catch((err: Error) => options.log(`control message failed: ${err.message}`)),
      });
      for (const { partition, high } of ends) consumer.seek({ topic, partition, offset: high });
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    return channel;
  }

  private async handle(value: Buffer | null): Promise<void> {
    const command = parseFlushCommand(value);
    if (!command) return;
    const { workerId, producer, topic, log } = this.options;
    const flushed = await this.options.flush();
    const ack: FlushAck = { type: 'flush-ack', requestId: command.requestId, worker: workerId, flushed, at: Date.now() };
    await producer.send({ topic, acks: -1, messages: [{ key: command.requestId, value: JSON.stringify(ack) }] });
    log(`flush ${command.requestId} from ${command.requestedBy || 'unknown'}: ${flushed} records flushed, acked`);
  }

  async dispose(): Promise<void> {
    await this.consumer.disconnect();
  }
}
