import kafkajs, { type Kafka, type logCreator, type logLevel as KafkaJsLogLevel, type Producer } from 'kafkajs';
import { LogRateLimiter } from './logRateLimiter';

// kafkajs is CommonJS: Node's ESM loader only sees its default export.
const { Kafka: KafkaClient, Partitioners, logLevel } = kafkajs;

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

const levels: Record<KafkaLogLevel, KafkaJsLogLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/**
 * kafkajs' own log level. Demo processes default to `error` (its WARN level reports every
 * routine rebalance); tests set DEMO_KAFKA_LOG_LEVEL=nothing.
 */
export function kafkaLogLevel(env: NodeJS.ProcessEnv = process.env): KafkaLogLevel {
  const raw = env.DEMO_KAFKA_LOG_LEVEL?.toLowerCase();
  return raw && raw in levels ? (raw as KafkaLogLevel) : 'error';
}

/**
 * kafkajs logs every retriable broker answer at ERROR, including the routine ones of a
 * consumer group's life (a rebalance, the coordinator being elected). Those are dropped;
 * the rest is printed on one line to stderr, named by the client (flusher, workload…), and
 * each identical line at most once per 10 s with a count: an outage retries many times a second.
 */
const routineErrors = /rebalanc|coordinator is not available|not the correct coordinator|leader|not aware of this member/i;

export function oneLineLogCreator(clientId: string, print: (line: string) => void = console.error, now = Date.now): logCreator {
  const limiter = new LogRateLimiter();
  return () => ({ namespace, level, label, log }) => {
    const { message, error } = log as { message: string; error?: string };
    if (level === logLevel.ERROR && routineErrors.test(`${message} ${error ?? ''}`)) return;
    const line = `[${clientId}] [kafkajs ${label.toLowerCase()}] ${namespace ? `${namespace}: ` : ''}${message}${error ? `: ${error}` : ''}`;
    const admitted = limiter.admit(line, now());
    if (admitted !== null) print(admitted);
  };
}

export function createKafka(brokers: string[], clientId: string, level: KafkaLogLevel = kafkaLogLevel()): Kafka {
  return new KafkaClient({
    clientId,
    brokers,
    logLevel: levels[level],
    logCreator: oneLineLogCreator(clientId),
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
}

/**
 * A producer that places keys like the Java client does (murmur2), so a record's partition
 * can be computed from its cache key by any tool. Passing the partitioner explicitly also
 * silences kafkajs' "default partitioner changed" warning.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
}
