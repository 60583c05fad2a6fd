import type { Admin, Kafka, KafkaConfig } from 'kafkajs';
import type { KafkaProfile } from '../../../../shared/profile';
import { redactUrl } from '../analysis/redactUrl';
import { classifyConnectionError } from './classifyError';
import { DedicatedAdmin } from './dedicatedAdmin';
import { loadKafkajs } from './drivers';
import { PartitionFetcher } from './partitionFetcher';
import { connectTimeoutMs, disposedError, type ProbeResult, type ServiceConnection } from './serviceConnection';
import { toTlsOptions } from './tlsOptions';

/** kafkajs options for a profile: short timeouts so a wrong address fails in seconds. */
export function kafkaConfig(profile: KafkaProfile): KafkaConfig {
  const ssl = toTlsOptions(profile.tls);
  return {
    clientId: profile.clientId,
    brokers: profile.brokers,
    connectionTimeout: connectTimeoutMs,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
    ...(ssl ? { ssl } : {}),
    ...(profile.sasl ? { sasl: profile.sasl } : {}),
  } as KafkaConfig;
}

/** What the profile points at, for tiles and messages. */
export function kafkaTarget(profile: KafkaProfile): string {
  return redactUrl(profile.brokers.join(','));
}

export class KafkaConnection implements ServiceConnection {
  readonly service = 'kafka' as const;
  readonly target: string;
  private kafka: Promise<Kafka> | undefined;
  private readonly admin: DedicatedAdmin;
  private fetcher: Promise<PartitionFetcher> | undefined;
  private disposed = false;

  constructor(private readonly profile: KafkaProfile) {
    this.target = kafkaTarget(profile);
    this.admin = new DedicatedAdmin(() => this.getKafka());
  }

  /** The profile's kafkajs client (it connects nothing itself), kafkajs loaded on first use. */
  getKafka(): Promise<Kafka> {
    this.kafka ??= loadKafkajs().then(
      // Errors reach the user through health and AppErrors; kafkajs' own log is noise here.
      ({ Kafka: KafkaClient, logLevel }) => new KafkaClient({ ...kafkaConfig(this.profile), logLevel: logLevel.NOTHING }),
    );
    return this.kafka;
  }

  /** The shared admin client; after a failed connect the next call tries again. */
  getAdmin(): Promise<Admin> {
    return this.admin.get();
  }

  /**
   * The shared direct reader of partitions (no consumer group). Like an admin client it keeps
   * every topic it was asked about in its metadata requests: a caller whose read failed calls
   * `resetFetcher`, so a deleted topic cannot break every later read.
   */
  getFetcher(): Promise<PartitionFetcher> {
    if (this.disposed) return Promise.reject(disposedError('kafka'));
    this.fetcher ??= this.getKafka().then((kafka) => new PartitionFetcher(kafka));
    return this.fetcher;
  }

  async resetFetcher(): Promise<void> {
    const fetcher = this.fetcher;
    this.fetcher = undefined;
    await (await fetcher?.catch(() => undefined))?.disconnect();
  }

  async probe(): Promise<ProbeResult> {
    try {
      const admin = await this.getAdmin();
      const started = performance.now();
      const cluster = await admin.describeCluster();
      const latencyMs = performance.now() - started;
      const brokers = `${cluster.brokers.length} broker${cluster.brokers.length === 1 ? '' : 's'}`;
      return { latencyMs, version: await this.brokerVersion(admin, cluster.controller), detail: brokers };
    } catch (err) {
      throw classifyConnectionError('kafka', this.target, err);
    }
  }

  /**
   * Kafka has no "server version" request; the controller's inter-broker protocol
   * version (e.g. `3.9-IV0`) is what the broker itself runs.
   */
  private async brokerVersion(admin: Admin, controller: number | null): Promise<string | null> {
    if (controller === null) return null;
    const { ConfigResourceTypes } = await loadKafkajs();
    const result = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.BROKER, name: String(controller), configNames: ['inter.broker.protocol.version'] },
      ],
    });
    const value = result.resources[0]?.configEntries[0]?.configValue;
    return value ? value.replace(/-IV\d+$/, '') : null;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.resetFetcher();
    await this.admin.dispose();
  }
}
