import { parseArgs } from 'node:util';
import { defaultConventions, defaultDemoSchema } from '../config';
import { defaultBackoff } from './backoff';
import type { FlusherOptions } from './flusher';
import { defaultSlowdownKey } from './slowdown';

/** The flusher's options as the command line gives them: the backoff as two numbers, every value set. */
export type FlusherArgs = Required<
  Pick<
    FlusherOptions,
    | 'topic'
    | 'group'
    | 'dlqTopic'
    | 'controlTopic'
    | 'schema'
    | 'maxBatchSize'
    | 'lingerMs'
    | 'maxAttempts'
    | 'slowMs'
    | 'slowKey'
    | 'ensureSetup'
    | 'statsIntervalMs'
    | 'sessionTimeoutMs'
    | 'lockTimeoutMs'
  >
> & {
  backoffBaseMs: number;
  backoffMaxMs: number;
  workerId: string | undefined;
};

export const flusherUsage = `usage: tsx demo/flusher/main.ts [options]
  --topic NAME            queue topic (${defaultConventions.queueTopic})
  --group NAME            consumer group (${defaultConventions.flusherGroup})
  --dlq-topic NAME        dead-letter topic (${defaultConventions.dlqTopic})
  --control-topic NAME    control topic (${defaultConventions.controlTopic})
  --schema NAME           Postgres schema of the demo tables (${defaultDemoSchema})
  --batch-size N          write a batch at N records (500)
  --linger-ms N           ... or when its oldest record is N ms old (200)
  --max-attempts N        tries per record on transient errors before the DLQ (5)
  --backoff-base-ms N     first retry delay (${defaultBackoff.baseMs})
  --backoff-max-ms N      longest retry delay (${defaultBackoff.maxMs})
  --slow-ms N             sleep N ms before each batch, to create lag (0; env DEMO_FLUSHER_SLOW_MS)
  --slow-key KEY          Redis key polled for a runtime slow-ms override (${defaultSlowdownKey})
  --worker-id ID          Kafka client id, id in flush-acks and logs (flusher-host-pid-random)
  --no-setup              do not create topics and tables
  --stats-ms N            summary line period, 0 for none (5000)
  --session-timeout-ms N  group session timeout; a dead flusher's partitions wait this long (30000)
  --lock-timeout-ms N     Postgres lock_timeout for the flusher's writes (2000)
Endpoints come from REDIS_URL, DATABASE_URL and KAFKA_BROKERS.`;

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** Command line (and a few env variables) to flusher settings; throws with a readable message. */
export function parseFlusherArgs(argv: string[], env: NodeJS.ProcessEnv = {}): FlusherArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      topic: { type: 'string' },
      group: { type: 'string' },
      'dlq-topic': { type: 'string' },
      'control-topic': { type: 'string' },
      schema: { type: 'string' },
      'batch-size': { type: 'string' },
      'linger-ms': { type: 'string' },
      'max-attempts': { type: 'string' },
      'backoff-base-ms': { type: 'string' },
      'backoff-max-ms': { type: 'string' },
      'slow-ms': { type: 'string' },
      'slow-key': { type: 'string' },
      'worker-id': { type: 'string' },
      'no-setup': { type: 'boolean' },
      'stats-ms': { type: 'string' },
      'session-timeout-ms': { type: 'string' },
      'lock-timeout-ms': { type: 'string' },
    },
  });
  const maxBatchSize = nonNegativeInt('batch-size', values['batch-size'], 500);
  const maxAttempts = nonNegativeInt('max-attempts', values['max-attempts'], 5);
  if (maxBatchSize < 1) throw new Error('--batch-size must be at least 1');
  if (maxAttempts < 1) throw new Error('--max-attempts must be at least 1');
  return {
    topic: values.topic ?? defaultConventions.queueTopic,
    group: values.group ?? defaultConventions.flusherGroup,
    dlqTopic: values['dlq-topic'] ?? defaultConventions.dlqTopic,
    controlTopic: values['control-topic'] ?? defaultConventions.controlTopic,
    schema: values.schema ?? defaultDemoSchema,
    maxBatchSize,
    lingerMs: nonNegativeInt('linger-ms', values['linger-ms'], 200),
    maxAttempts,
    backoffBaseMs: nonNegativeInt('backoff-base-ms', values['backoff-base-ms'], defaultBackoff.baseMs),
    backoffMaxMs: nonNegativeInt('backoff-max-ms', values['backoff-max-ms'], defaultBackoff.maxMs),
    slowMs: nonNegativeInt('slow-ms', values['slow-ms'] ?? env.DEMO_FLUSHER_SLOW_MS, 0),
    slowKey: values['slow-key'] ?? defaultSlowdownKey,
    workerId: values['worker-id'],
    ensureSetup: !values['no-setup'],
    statsIntervalMs: nonNegativeInt('stats-ms', values['stats-ms'], 5_000),
    sessionTimeoutMs: nonNegativeInt('session-timeout-ms', values['session-timeout-ms'], 30_000),
    lockTimeoutMs: nonNegativeInt('lock-timeout-ms', values['lock-timeout-ms'], 2_000),
  };
}
