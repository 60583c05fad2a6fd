import { expect, test } from 'vitest';
import { BoundedTop } from '../../../electron/main/core/analysis/boundedTop';
import { KeyspaceAggregate } from '../../../electron/main/core/analysis/keyspaceAggregate';
import { ttlRisks } from '../../../electron/main/core/analysis/ttlRisk';

const options = { delimiter: ':', depth: 3, top: 2, maxNamespaces: 1000 };
const read = (name: string, type: string, pttlMs: number, memory: number) => ({ name, type, pttlMs, memory, readAt: 1_000 });

test('the top list keeps the highest scores, highest first', () => {
  const top = new BoundedTop<string>(3);
  for (const [score, name] of [[5, 'e'], [1, 'a'], [9, 'i'], [3, 'c'], [7, 'g']] as const) top.offer(score, name);
  expect(top.sorted()).toEqual(['i', 'g', 'e']);
  expect(top.accepts(4)).toBe(false);
  expect(top.accepts(6)).toBe(true);
});

test('an aggregate counts keys by bucket, type and namespace, and lists the biggest and soonest', () => {
  const aggregate = new KeyspaceAggregate(options);
  aggregate.add(read('user:1', 'string', -1, 100));
  aggregate.add(read('user:2', 'hash', 5_000, 300));
  aggregate.add(read('cart:9', 'list', 30_000, 50));
  aggregate.add(read('cart:10', 'list', 90_000, 60));
  aggregate.add(read(Buffer.from([0xff, 0x0a]).toString('latin1'), 'string', 1_000, 10));
  aggregate.addVanished();
  const figures = aggregate.figures();
  expect(figures.scanned).toBe(5);
  expect(figures.vanished).toBe(1);
  expect(figures.memory).toBe(520);
  expect(figures.noTtl).toBe(1);
  expect(figures.ttlHistogram.map((b) => b.keys)).toEqual([1, 3, 1, 0, 0, 0, 0, 0]);
  expect(figures.types).toEqual([
    { type: 'hash', keys: 1, memory: 300 },
    { type: 'string', keys: 2, memory: 110 },
    { type: 'list', keys: 2, memory: 110 },
  ]);
  expect(figures.namespaces.map((n) => [n.namespace, n.keys, n.memory, n.noTtl])).toEqual([
    ['cart', 2, 110, 0],
    ['user', 2, 400, 1],
  ]);
  expect(figures.unnamespaced).toEqual({ keys: 1, memory: 10, noTtl: 0 });
  expect(figures.noTtlNamespaces).toEqual([]);
  expect(figures.biggest.map((k) => k.key)).toEqual(['user:2', 'user:1']);
  expect(figures.biggest[1]).toMatchObject({ ttlMs: null, expiresAt: null });
  expect(figures.expiringSoon.map((k) => [k.key, k.keyHex, k.ttlMs, k.expiresAt])).toEqual([
    ['\\xff\\x0a', 'ff0a', 1_000, 2_000],
    ['user:2', '757365723a32', 5_000, 6_000],
  ]);
});

test('namespaces where no key has a TTL are listed', () => {
  const aggregate = new KeyspaceAggregate(options);
  aggregate.add(read('cfg:a', 'string', -1, 1));
  aggregate.add(read('cfg:b', 'string', -1, 1));
  aggregate.add(read('tmp:a', 'string', 10, 1));
  expect(aggregate.figures().noTtlNamespaces).toEqual(['cfg']);
});

test('namespaces whose median TTL is under the time lag are at risk', () => {
  const aggregate = new KeyspaceAggregate(options);
  for (let i = 0; i < 3; i++) aggregate.add(read(`short:${i}`, 'string', 2_000, 1));
  for (let i = 0; i < 3; i++) aggregate.add(read(`long:${i}`, 'string', 600_000, 1));
  aggregate.add(read('mixed:1', 'string', 1_000, 1));
  aggregate.add(read('mixed:2', 'string', -1, 1));
  aggregate.add(read('mixed:3', 'string', -1, 1));
  const { namespaces } = aggregate.figures();
  expect(ttlRisks(namespaces, 10_000).map((r) => r.namespace)).toEqual(['short']);
  expect(ttlRisks(namespaces, 1_000)).toEqual([]);
  expect(ttlRisks(namespaces, null)).toEqual([]);
  expect(ttlRisks(namespaces, 0)).toEqual([]);
});
