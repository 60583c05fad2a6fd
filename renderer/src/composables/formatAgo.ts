/** "just now", "12 s ago", "3 min ago", "2 h ago" — for status lines that age. */
export function formatAgo(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** "in 4 s" for the next retry of a service that is down. */
export function formatIn(when: number, now: number): string {
  const seconds = Math.max(0, Math.round((when - now) / 1000));
  return seconds < 1 ? 'now' : `in ${seconds} s`;
}
