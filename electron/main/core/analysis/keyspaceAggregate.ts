import type { AnalyzedKey, KeysAnalysis, NamespaceNode } from '../../../../shared/contracts/keysAnalysis';
import { displayKeyName, keyNameToHex } from '../../../../shared/keyName';
import { BoundedTop } from './boundedTop';
import { NamespaceTree, type NamespaceFigures } from './namespaceTree';
import { emptyTtlCounts, sketchMedianMs, toTtlHistogram, ttlBucketIndex } from './ttlBuckets';

/** What one key read says. `name` is the key's bytes as latin1 (see namespaceTree.ts). */
export interface KeyReading {
  name: string;
  type: string;
  /** PTTL: -1 without a TTL. */
  pttlMs: number;
  memory: number;
  /** When it was read (epoch ms). */
  readAt: number;
}

export interface AggregateOptions {
  delimiter: string;
  depth: number;
  top: number;
  maxNamespaces: number;
}

/** "Expiring soon" means within this long of being read. */
export const expiringSoonMs = 60_000;

interface KeptKey {
  name: string;
  type: string;
  memory: number;
  pttlMs: number;
  readAt: number;
}

function latin1Bytes(name: string): Buffer {
  return Buffer.from(name, 'latin1');
}

function toAnalyzedKey(kept: KeptKey): AnalyzedKey {
  const bytes = latin1Bytes(kept.name);
  const hasTtl = kept.pttlMs >= 0;
  return {
    key: displayKeyName(bytes),
    keyHex: keyNameToHex(bytes),
    type: kept.type,
    memory: kept.memory,
    ttlMs: hasTtl ? kept.pttlMs : null,
    expiresAt: hasTtl ? kept.readAt + kept.pttlMs : null,
  };
}

function toNamespaceNode(node: NamespaceFigures): NamespaceNode {
  const bytes = latin1Bytes(node.name);
  return {
    namespace: displayKeyName(bytes),
    namespaceHex: keyNameToHex(bytes),
    depth: node.depth,
    parent: node.parent ? displayKeyName(latin1Bytes(node.parent.name)) : null,
    keys: node.keys,
    memory: node.memory,
    noTtl: node.noTtl,
    ttlHistogram: toTtlHistogram(node.ttlCounts),
    medianTtlMs: sketchMedianMs(node.ttlSketch, node.keys),
    otherKeys: node.otherKeys,
    otherMemory: node.otherMemory,
  };
}

export type AggregateFigures = Pick<
  KeysAnalysis,
  | 'scanned'
  | 'vanished'
  | 'memory'
  | 'noTtl'
  | 'ttlHistogram'
  | 'types'
  | 'namespaces'
  | 'unnamespaced'
  | 'otherNamespaces'
  | 'namespacesPruned'
  | 'noTtlNamespaces'
  | 'biggest'
  | 'expiringSoon'
>;

/**
 * The streaming aggregates of a keyspace analysis, in memory bounded by the options whatever
 * the number of keys: counters, a bounded namespace tree, and two bounded top lists.
 */
export class KeyspaceAggregate {
  private scanned = 0;
  private vanished = 0;
  private memory = 0;
  private noTtl = 0;
  private readonly ttlCounts = emptyTtlCounts();
  private readonly types = new Map<string, { keys: number; memory: number }>();
  private readonly tree: NamespaceTree;
  private readonly biggest: BoundedTop<KeptKey>;
  private readonly expiring: BoundedTop<KeptKey>;

  constructor(options: AggregateOptions) {
    this.tree = new NamespaceTree({ delimiter: options.delimiter, depth: options.depth, maxNodes: options.maxNamespaces });
    this.biggest = new BoundedTop(options.top);
    this.expiring = new BoundedTop(options.top);
  }

  get keysScanned(): number {
    return this.scanned;
  }

  add(key: KeyReading): void {
    this.scanned++;
    this.memory += key.memory;
    this.ttlCounts[ttlBucketIndex(key.pttlMs)]!++;
    if (key.pttlMs < 0) this.noTtl++;
    const byType = this.types.get(key.type);
    if (byType) {
      byType.keys++;
      byType.memory += key.memory;
    } else {
      this.types.set(key.type, { keys: 1, memory: key.memory });
    }
    this.tree.add(key.name, key.pttlMs, key.memory);
    if (this.biggest.accepts(key.memory)) this.biggest.offer(key.memory, { ...key });
    if (key.pttlMs >= 0 && key.pttlMs < expiringSoonMs && this.expiring.accepts(-key.pttlMs)) {
      this.expiring.offer(-key.pttlMs, { ...key });
    }
  }

  /** A key SCAN returned that was gone when read. */
  addVanished(): void {
    this.vanished++;
  }

  figures(): AggregateFigures {
    const namespaces = this.tree.list().map(toNamespaceNode);
    return {
      scanned: this.scanned,
      vanished: this.vanished,
      memory: this.memory,
      noTtl: this.noTtl,
      ttlHistogram: toTtlHistogram(this.ttlCounts),
      types: [...this.types].map(([type, t]) => ({ type, ...t })).sort((a, b) => b.memory - a.memory || b.keys - a.keys),
      namespaces,
      unnamespaced: { ...this.tree.unnamespaced },
      otherNamespaces: { ...this.tree.other },
      namespacesPruned: this.tree.pruned,
      noTtlNamespaces: namespaces.filter((n) => n.keys > 0 && n.noTtl === n.keys).map((n) => n.namespace),
      biggest: this.biggest.sorted().map(toAnalyzedKey),
      expiringSoon: this.expiring.sorted().map(toAnalyzedKey),
    };
  }
}
