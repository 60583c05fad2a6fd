/**
 * Records of a flush's target not yet persisted: for each partition, how far the group's
 * resume offset still is from the high watermark the flush was published at. Records
 * appended after the flush are not its business, so live traffic cannot keep it running.
 */
export function recordsLeft(targets: ReadonlyMap<number, number>, resume: ReadonlyMap<number, number>): number {
  let left = 0;
  for (const [partition, target] of targets) left += Math.max(0, target - (resume.get(partition) ?? 0));
  return left;
}
