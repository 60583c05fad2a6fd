import { expect, test } from 'vitest';
import { CompareSampleResultSchema } from '../../../shared/contracts/investigate';
import { keyNameToHex } from '../../../shared/keyName';
import { useThrowawayCluster } from '../support/clusterFixture';
import { uniqueName, usePipeline } from '../demo/support';
import { jobEnd } from '../writeBehind/support';
import { investigateHome, investigateProfile } from './support';

/** A Cluster key is read on the master that holds its slot; the sample scans every master. */

const { names, pool } = usePipeline('invcluster');
const run = uniqueName('invc');
const cluster = useThrowawayCluster({ masters: 3, openHome: (profile) => investigateHome(investigateProfile(names, profile)), openCore: true });

test('a Cluster key is compared where it lives; a sample of the namespace covers every master', async () => {
  const { servers, client, core } = cluster;
  const rows = 30;
  for (let i = 0; i < rows; i++) {
    const id = `${run}-${i}`;
    await pool.query(`INSERT INTO "${names.schema}".products (id, name, price_cents, version) VALUES ($1, 'c', 10, 4)`, [id]);
    await client.set(`product:${id}`, JSON.stringify({ id, name: 'c', price_cents: 10, stock: null, version: i % 3 === 0 ? 3 : 4, updated_at: null }));
  }
  const fresh = await core.invoke('keys.compare', { hex: keyNameToHex(Buffer.from(`product:${run}-1`)) });
  expect(fresh).toMatchObject({ verdict: 'fresh', cache: { state: 'value', version: '4' } });
  const stale = await core.invoke('keys.compare', { hex: keyNameToHex(Buffer.from(`product:${run}-0`)) });
  expect(stale).toMatchObject({ verdict: 'stale', cache: { version: '3' }, database: { version: '4' } });
  const masters = await servers.masters(servers.nodes[0]!.port);
  expect(masters).toContain(fresh.cache.node);

  const job = await jobEnd(core, (await core.invoke('keys.compareSample', { namespace: 'product', sample: 100 })).id);
  const result = CompareSampleResultSchema.parse(job.result);
  expect(result).toMatchObject({ compared: rows, counts: { fresh: 20, stale: 10 } });
});
