import type { Redis } from 'ioredis';

/** Redis before 7.0 takes one INFO section per call and answers more with a syntax error. */
export function isMultiSectionRefusal(err: unknown): boolean {
  return err instanceof Error && /syntax error|wrong number of arguments/i.test(err.message);
}

/** Several INFO sections: one call on Redis 7+, one call per section (pipelined) before. */
export async function readInfoSections(node: Redis, sections: readonly string[], oneCall: boolean): Promise<string> {
  if (oneCall || sections.length === 1) return node.info(...sections);
  const replies = await Promise.all(sections.map((section) => node.info(section)));
  return replies.join('\r\n');
}
