export interface ProgressMark {
  at: number;
  done: number;
}

/** The window progress rates are measured over: recent enough to follow a change of pace. */
export const rateWindowMs = 5_000;

/**
 * Units per second over the last `windowMs`, trimming older marks in place so the
 * list stays bounded. Null until two marks span some time.
 */
export function rateOverWindow(marks: ProgressMark[], now: number, windowMs = rateWindowMs): number | null {
  while (marks.length > 2 && marks[0]!.at < now - windowMs) marks.shift();
  const first = marks[0];
  const last = marks.at(-1);
  if (!first || !last || last.at <= first.at) return null;
  return Math.max(0, ((last.done - first.done) / (last.at - first.at)) * 1000);
}
