import { expect, test } from 'vitest';
import type { KeyPage, KeyRow, ScanCursor } from '../../../shared/contracts/keys';
import { keyNameToHex } from '../../../shared/keyName';
import { useThrowawayCluster } from '../support/clusterFixture';
import { testHome } from '../stats/support';

const cluster = useThrowawayCluster({ masters: 3, openHome: testHome, openCore: true });

test('browsing a Cluster scans every master, page after page, each key once; detail reads the key where it lives', async () => {
  const { servers, client, core } = cluster;
  const keys = Array.from({ length: 300 }, (_, i) => `spread:${i}`);
  for (const key of keys) await client.set(key, key);
  await client.set(Buffer.from([0x73, 0x70, 0x72, 0x65, 0x61, 0x64, 0x3a, 0xff]), 'binary');

  const rows: KeyRow[] = [];
  let cursor: ScanCursor | null = null;
  let pages = 0;
  do {
    const page: KeyPage = await core.invoke('keys.scan', { search: { text: 'spread:*', as: 'glob' }, pageSize: 40, ...(cursor ? { cursor } : {}) });
    rows.push(...page.keys);
    cursor = page.cursor;
    pages++;
  } while (cursor);

  expect(pages).toBeGreaterThan(3);
  expect(rows).toHaveLength(301);
  expect(new Set(rows.map((r) => r.key.display))).toEqual(new Set([...keys, 'spread:\\xff']));
  const masters = await servers.masters(servers.nodes[0]!.port);
  expect(new Set(rows.map((r) => r.node))).toEqual(new Set(masters));

  for (const master of masters) {
    const row = rows.find((r) => r.node === master)!;
    const detail = await core.invoke('keys.get', { hex: row.key.hex });
    expect(detail).toMatchObject({ key: row.key, node: master, type: 'string', encoding: expect.any(String) });
    expect(detail.memory).toBeGreaterThan(0);
  }
  const binary = await core.invoke('keys.get', { hex: keyNameToHex(Buffer.from('spread:\xff', 'latin1')) });
  expect(binary.preview).toMatchObject({ kind: 'string', value: { text: 'binary' } });
});
