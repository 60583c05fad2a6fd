/**
 * TTL with random jitter: keys filled together (a cold start, a deploy) would otherwise
 * expire together and stampede Postgres together. Returns whole seconds, at least 1.
 */
export function jitteredTtlSeconds(baseSeconds: number, jitterRatio: number, random: () => number = Math.random): number {
  const jitter = Math.floor(baseSeconds * jitterRatio * random());
  return Math.max(1, Math.round(baseSeconds) + jitter);
}
