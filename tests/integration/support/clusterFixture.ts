import { afterAll, beforeAll } from 'vitest';
import { Cluster } from 'ioredis';
import type { Core } from '../../../electron/main/core/core';
import { ThrowawayCluster } from './throwawayCluster';

/** The profile part that points a user-data folder at the cluster. */
export interface ClusterProfile {
  redis: { mode: 'cluster'; clusterNodes: string[] };
}

/** A user-data folder of a test's own (testHome, keysHome, investigateHome…). */
export interface HomeUnderTest {
  core(): Promise<Core>;
  remove(): void;
}

export interface ClusterFixture<Home extends HomeUnderTest> {
  servers: ThrowawayCluster;
  /** A client of the test's own on the cluster, to seed and read keys. */
  client: Cluster;
  home: Home;
  /** A core on the home's profile: opened only with `openCore`. */
  core: Core;
}

/**
 * A test file's own Redis Cluster (see ThrowawayCluster), a client on it and a home whose profile
 * points at it, set up before the file's (or describe block's) tests and removed after them.
 */
export function useThrowawayCluster<Home extends HomeUnderTest>(options: {
  masters: number;
  replicas?: number;
  openHome: (profile: ClusterProfile) => Home;
  openCore?: boolean;
}): ClusterFixture<Home> {
  const { openHome, openCore, ...shape } = options;
  const fixture = {} as ClusterFixture<Home>;
  beforeAll(async () => {
    fixture.servers = await ThrowawayCluster.start(shape);
    fixture.client = new Cluster(fixture.servers.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })));
    fixture.client.on('error', () => undefined);
    fixture.home = openHome({ redis: { mode: 'cluster', clusterNodes: fixture.servers.seeds } });
    if (openCore) fixture.core = await fixture.home.core();
  }, 120_000);
  afterAll(async () => {
    await fixture.core?.dispose();
    fixture.client?.disconnect();
    await fixture.servers?.stop();
    fixture.home?.remove();
  });
  return fixture;
}
