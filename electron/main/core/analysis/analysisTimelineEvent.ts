import type { KeysAnalysis } from '../../../../shared/contracts/keysAnalysis';
import { formatBytes, formatCount } from '../../../../shared/formatUnits';
import type { TimelineDraft } from './timelineDraft';

/** A finished keyspace analysis, summed up in one line, linking to the Keys view. */
export function analysisTimelineEvent(analysis: KeysAnalysis): TimelineDraft {
  const topLevel = analysis.namespaces.filter((n) => n.depth === 1).length;
  return {
    kind: 'analysis',
    at: analysis.endedAt,
    severity: 'info',
    title: analysis.complete ? 'Keyspace analysed' : 'Keyspace analysis cancelled',
    detail:
      `${formatCount(analysis.scanned)} keys (${formatBytes(analysis.memory)}), ${formatCount(topLevel)} top-level namespaces, ` +
      `${formatCount(analysis.noTtl)} without TTL${analysis.match ? `, matching ${analysis.match}` : ''}`,
    route: '/keys',
    source: 'keys analysis',
  };
}
