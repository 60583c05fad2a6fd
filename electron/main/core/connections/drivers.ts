/**
 * The drivers, each loaded on its first use: a CLI verb that only reads Redis does not
 * pay for loading kafkajs and pg (hundreds of files, most of a short command's start). The
 * rest of the core imports their types only; tests/unit/layering.test.ts keeps it that way.
 */
export const loadIoredis = () => import('ioredis');
export type Ioredis = Awaited<ReturnType<typeof loadIoredis>>;

// kafkajs and pg are CommonJS: Node's ESM loader sees their exports as the default.
export const loadKafkajs = async () => (await import('kafkajs')).default;
export type Kafkajs = Awaited<ReturnType<typeof loadKafkajs>>;

export const loadPg = async () => (await import('pg')).default;
export type Pg = Awaited<ReturnType<typeof loadPg>>;

/** The RESP parser ioredis itself uses, for the keys analysis' own pipelined connections. */
export const loadRedisParser = async () => (await import('redis-parser')).default;
