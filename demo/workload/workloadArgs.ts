import { parseArgs } from 'node:util';
import { defaultConventions, defaultDemoSchema } from '../config';
import type { LoadGeneratorOptions } from '../loadGenerator';

/** The load generator's rates and mix as the command line gives them, and the workload's own settings. */
export interface WorkloadArgs
  extends Pick<LoadGeneratorOptions, 'readsPerSecond' | 'writesPerSecond' | 'keyCount' | 'zipfExponent' | 'poisonRate' | 'deleteRate'> {
  stampedeEverySeconds: number;
  stampedeConcurrency: number;
  ttlSeconds: number;
  negativeTtlSeconds: number;
  topic: string;
  schema: string;
  seed: boolean;
  statsIntervalMs: number;
}

export const workloadUsage = `usage: tsx demo/workload/main.ts [options]
  --reads N           reads per second through the cache (500)
  --writes N          write-behind writes per second (50)
  --keys N            ids 1..N per namespace (1000)
  --zipf S            key skew exponent, 0 = uniform (1.1)
  --poison-rate P     fraction of writes violating a CHECK constraint (0.01)
  --delete-rate P     fraction of writes that are deletes (0.005)
  --stampede-every S  seconds between hot-key stampedes, 0 for none (30)
  --stampede-size N   concurrent misses per stampede (50)
  --ttl S             cache TTL in seconds, plus up to 10% jitter (300)
  --negative-ttl S    TTL of "row missing" entries (5)
  --topic NAME        queue topic (${defaultConventions.queueTopic})
  --schema NAME       Postgres schema of the demo tables (${defaultDemoSchema})
  --no-seed           do not insert ids 1..N into empty tables
  --stats-ms N        summary line period (5000)
Endpoints come from REDIS_URL, DATABASE_URL and KAFKA_BROKERS.`;

function number(name: string, raw: string | undefined, fallback: number, { min = 0, max = Infinity } = {}): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`--${name} must be a number in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

export function parseWorkloadArgs(argv: string[]): WorkloadArgs {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      reads: { type: 'string' },
      writes: { type: 'string' },
      keys: { type: 'string' },
      zipf: { type: 'string' },
      'poison-rate': { type: 'string' },
      'delete-rate': { type: 'string' },
      'stampede-every': { type: 'string' },
      'stampede-size': { type: 'string' },
      ttl: { type: 'string' },
      'negative-ttl': { type: 'string' },
      topic: { type: 'string' },
      schema: { type: 'string' },
      'no-seed': { type: 'boolean' },
      'stats-ms': { type: 'string' },
    },
  });
  const args: WorkloadArgs = {
    readsPerSecond: number('reads', v.reads, 500),
    writesPerSecond: number('writes', v.writes, 50),
    keyCount: Math.floor(number('keys', v.keys, 1000, { min: 1 })),
    zipfExponent: number('zipf', v.zipf, 1.1),
    poisonRate: number('poison-rate', v['poison-rate'], 0.01, { max: 1 }),
    deleteRate: number('delete-rate', v['delete-rate'], 0.005, { max: 1 }),
    stampedeEverySeconds: number('stampede-every', v['stampede-every'], 30),
    stampedeConcurrency: Math.floor(number('stampede-size', v['stampede-size'], 50, { min: 1 })),
    ttlSeconds: number('ttl', v.ttl, 300, { min: 1 }),
    negativeTtlSeconds: number('negative-ttl', v['negative-ttl'], 5, { min: 1 }),
    topic: v.topic ?? defaultConventions.queueTopic,
    schema: v.schema ?? defaultDemoSchema,
    seed: !v['no-seed'],
    statsIntervalMs: Math.floor(number('stats-ms', v['stats-ms'], 5_000)),
  };
  if (args.poisonRate + args.deleteRate > 1) throw new Error('--poison-rate plus --delete-rate cannot exceed 1');
  return args;
}
