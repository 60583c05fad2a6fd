import type { KeyComparison } from '../../../../shared/contracts/investigate';
import type { IncidentKeyComparison, IncidentWindow } from '../../../../shared/contracts/timeline';

/** Comparisons kept for an incident export: the latest ones of this session. */
const maxKept = 200;

/**
 * The key comparisons made while this profile was open, newest last and bounded, so that an
 * incident export can carry what was compared during the incident. The timeline keeps one
 * event per comparison across restarts; the full comparison lives only here.
 */
export class RecentComparisons {
  private readonly kept: KeyComparison[] = [];

  add(comparison: KeyComparison): void {
    this.kept.push(comparison);
    if (this.kept.length > maxKept) this.kept.shift();
  }

  inWindow({ from, to }: IncidentWindow): IncidentKeyComparison[] {
    return this.kept
      .filter((c) => c.comparedAt >= from && c.comparedAt <= to)
      .map((c) => ({ key: c.key.display, verdict: c.verdict, comparedAt: c.comparedAt, comparison: c }));
  }
}
