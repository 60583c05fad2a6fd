import { emptyTtlCounts, ttlBucketIndex, ttlSketchBins, ttlSketchIndex } from './ttlBuckets';

/**
 * Names here are key bytes held as latin1 strings (one char per byte): lossless, cheap to
 * slice, and usable as Map keys. They are turned into displayed names only for output.
 */
export interface NamespaceFigures {
  /** The full prefix, without the trailing delimiter. */
  name: string;
  depth: number;
  parent: NamespaceFigures | null;
  keys: number;
  memory: number;
  noTtl: number;
  ttlCounts: number[];
  ttlSketch: Uint32Array;
  /** Keys and memory of children folded away by a prune. */
  otherKeys: number;
  otherMemory: number;
}

export interface NamespaceTreeOptions {
  /** The delimiter as latin1 (its UTF-8 bytes, one char each). */
  delimiter: string;
  depth: number;
  /** Nodes kept at the end; up to four times as many live between prunes. */
  maxNodes: number;
}

/** A key's namespaces: `a:b:c:id` at depth 2 is `a`, `a:b`; a name without the delimiter has none. */
export function namespacePrefixes(name: string, delimiter: string, depth: number): string[] {
  const prefixes: string[] = [];
  let from = 0;
  while (prefixes.length < depth) {
    const at = name.indexOf(delimiter, from);
    if (at < 0) break;
    prefixes.push(name.slice(0, at));
    from = at + delimiter.length;
  }
  return prefixes;
}

/** Bigger first; on a tie the shallower, so a parent always ranks before its child. */
function rank(a: NamespaceFigures, b: NamespaceFigures): number {
  return b.keys - a.keys || a.depth - b.depth || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Namespaces as a tree, bounded: when more than 4 × maxNodes nodes live, only the top maxNodes
 * by keys stay, and each folded node's figures move to its parent's "other" (or the tree's, at
 * the top level). A parent never has fewer keys than a child, so what stays is always a whole
 * tree, and every parent's own figures stay exact. A folded prefix that comes back starts again
 * from zero, so after a prune (`pruned > 0`) such a node undercounts.
 */
export class NamespaceTree {
  private readonly nodes = new Map<string, NamespaceFigures>();
  readonly other = { keys: 0, memory: 0 };
  readonly unnamespaced = { keys: 0, memory: 0, noTtl: 0 };
  pruned = 0;

  constructor(private readonly options: NamespaceTreeOptions) {}

  add(name: string, pttlMs: number, memory: number): void {
    const { delimiter, depth } = this.options;
    let parent: NamespaceFigures | null = null;
    let from = 0;
    let level = 0;
    const bucket = ttlBucketIndex(pttlMs);
    const sketchBin = pttlMs >= 0 ? ttlSketchIndex(pttlMs) : -1;
    while (level < depth) {
      const at = name.indexOf(delimiter, from);
      if (at < 0) break;
      level++;
      const prefix = name.slice(0, at);
      let node = this.nodes.get(prefix);
      if (!node) {
        node = {
          name: prefix,
          depth: level,
          parent,
          keys: 0,
          memory: 0,
          noTtl: 0,
          ttlCounts: emptyTtlCounts(),
          ttlSketch: new Uint32Array(ttlSketchBins),
          otherKeys: 0,
          otherMemory: 0,
        };
        this.nodes.set(prefix, node);
      }
      node.keys++;
      node.memory += memory;
      node.ttlCounts[bucket]!++;
      if (sketchBin < 0) node.noTtl++;
      else node.ttlSketch[sketchBin]!++;
      parent = node;
      from = at + delimiter.length;
    }
    if (level === 0) {
      this.unnamespaced.keys++;
      this.unnamespaced.memory += memory;
      if (pttlMs < 0) this.unnamespaced.noTtl++;
    }
    if (this.nodes.size > 4 * this.options.maxNodes) this.prune();
  }

  /** Every node kept, biggest first (pruned down to maxNodes). */
  list(): NamespaceFigures[] {
    if (this.nodes.size > this.options.maxNodes) this.prune();
    return [...this.nodes.values()].sort(rank);
  }

  private prune(): void {
    const ranked = [...this.nodes.values()].sort(rank);
    const folded = ranked.slice(this.options.maxNodes);
    for (const node of folded) this.nodes.delete(node.name);
    for (const node of folded) {
      const parent = node.parent;
      // Only the topmost folded node of a branch carries it: its figures include its children's.
      if (parent === null) {
        this.other.keys += node.keys;
        this.other.memory += node.memory;
      } else if (this.nodes.has(parent.name)) {
        parent.otherKeys += node.keys;
        parent.otherMemory += node.memory;
      }
    }
    this.pruned += folded.length;
  }
}
