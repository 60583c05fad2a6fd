import { expect, test } from 'vitest';
import { NamespaceTree, namespacePrefixes } from '../../../electron/main/core/analysis/namespaceTree';

test('a key belongs to each prefix before a delimiter, up to the depth', () => {
  expect(namespacePrefixes('user:profile:42', ':', 3)).toEqual(['user', 'user:profile']);
  expect(namespacePrefixes('a:b:c:d:e', ':', 3)).toEqual(['a', 'a:b', 'a:b:c']);
  expect(namespacePrefixes('counter', ':', 3)).toEqual([]);
  expect(namespacePrefixes('a::b', '::', 3)).toEqual(['a']);
  expect(namespacePrefixes('user:', ':', 1)).toEqual(['user']);
});

test('every node counts its keys, memory, keys without TTL and their buckets', () => {
  const tree = new NamespaceTree({ delimiter: ':', depth: 3, maxNodes: 100 });
  tree.add('user:1', -1, 100);
  tree.add('user:2', 59_999, 50);
  tree.add('user:profile:1', 60_000, 10);
  tree.add('plain', -1, 7);
  const nodes = tree.list();
  expect(nodes.map((n) => [n.name, n.depth, n.parent?.name ?? null, n.keys, n.memory, n.noTtl])).toEqual([
    ['user', 1, null, 3, 160, 1],
    ['user:profile', 2, 'user', 1, 10, 0],
  ]);
  expect(nodes[0]!.ttlCounts).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
  expect(tree.unnamespaced).toEqual({ keys: 1, memory: 7, noTtl: 1 });
});

test('a prune keeps a whole tree of the biggest nodes and moves the rest to "other"', () => {
  const tree = new NamespaceTree({ delimiter: ':', depth: 2, maxNodes: 3 });
  for (let i = 0; i < 10; i++) tree.add(`big:a:${i}`, -1, 1);
  for (let i = 0; i < 5; i++) tree.add(`big:b:${i}`, -1, 2);
  // Twelve unique top-level prefixes push the live count over 4 × 3 and force a prune.
  for (let i = 0; i < 12; i++) tree.add(`unique${i}:x`, -1, 3);
  const nodes = tree.list();
  expect(nodes.map((n) => [n.name, n.keys])).toEqual([
    ['big', 15],
    ['big:a', 10],
    ['big:b', 5],
  ]);
  expect(tree.pruned).toBeGreaterThan(0);
  // Nothing is lost: kept nodes + other = every namespaced key.
  expect(nodes[0]!.keys + tree.other.keys).toBe(27);
  expect(nodes[0]!.memory + tree.other.memory).toBe(10 + 10 + 36);
});

test('a folded child moves to its parent\'s "other", and the parent stays exact', () => {
  const tree = new NamespaceTree({ delimiter: ':', depth: 2, maxNodes: 2 });
  for (let i = 0; i < 20; i++) tree.add(`s:${i}:data`, 1_000, 5);
  const [session, ...rest] = tree.list();
  expect(session!.name).toBe('s');
  expect(session!.keys).toBe(20);
  expect(session!.memory).toBe(100);
  const child = rest[0]!;
  expect(session!.otherKeys + child.keys).toBe(20);
  expect(session!.otherMemory + child.memory).toBe(100);
});
