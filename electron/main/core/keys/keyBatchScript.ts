import type { Redis } from 'ioredis';

/**
 * Reads TYPE, PTTL and MEMORY USAGE of a batch of keys in one server call: one round trip and
 * one command to parse instead of three per key, and the three reads of a key are atomic (it
 * cannot expire between them). The keys travel in ARGV, not KEYS: a Cluster refuses declared
 * keys of different slots, and `allow-cross-slot-keys` lets the script read any key of the
 * node it runs on. `no-writes` lets it run on a replica or a server out of memory.
 */
const body = `local samples = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local key = ARGV[i]
  local kind = redis.call('TYPE', key).ok
  out[#out + 1] = kind
  if kind == 'none' then
    out[#out + 1] = -2
    out[#out + 1] = 0
  else
    out[#out + 1] = redis.call('PTTL', key)
    out[#out + 1] = redis.call('MEMORY', 'USAGE', key, 'SAMPLES', samples) or 0
  end
end
return out`;

/** Script flags came with Redis 7; older servers run the body as it is (they check no slots). */
const flagged = `#!lua flags=no-writes,allow-cross-slot-keys\n${body}`;

export interface KeyBatchReading {
  /** `none` when the key was gone by the time it was read. */
  type: string;
  pttlMs: number;
  memory: number;
}

/** Loads the script on a server and returns its SHA1. */
export async function loadKeyBatchScript(client: Redis): Promise<string> {
  try {
    return String(await client.script('LOAD', flagged));
  } catch (err) {
    if (!/compil|shebang|flags/i.test((err as Error).message)) throw err;
    return String(await client.script('LOAD', body));
  }
}

/** Reads a batch of keys, loading the script again if the server lost it (restart, SCRIPT FLUSH). */
export async function readKeyBatch(client: Redis, script: { sha: string }, samples: number, keys: readonly Buffer[]): Promise<KeyBatchReading[]> {
  let reply: unknown;
  try {
    reply = await client.evalsha(script.sha, 0, samples, ...keys);
  } catch (err) {
    if (!(err as Error).message.startsWith('NOSCRIPT')) throw err;
    script.sha = await loadKeyBatchScript(client);
    reply = await client.evalsha(script.sha, 0, samples, ...keys);
  }
  const flat = reply as (string | number)[];
  const readings: KeyBatchReading[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    readings[i] = { type: String(flat[3 * i]), pttlMs: Number(flat[3 * i + 1]), memory: Number(flat[3 * i + 2]) };
  }
  return readings;
}
