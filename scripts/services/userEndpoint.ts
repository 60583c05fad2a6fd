import { redactUrl } from '../../electron/main/core/analysis/redactUrl';

export type ServiceName = 'redis' | 'postgres' | 'kafka';

/** What the environment says about one service: its variables and the defaults without them. */
export interface EndpointSpec {
  name: ServiceName;
  /** Where the user points us at a server: REDIS_URL, DATABASE_URL, KAFKA_BROKERS. */
  urlVar: string;
  /** The port of the local instance when the URL variable is unset: REDIS_PORT, PG_PORT, KAFKA_PORT. */
  portVar: string;
  defaultPort: number;
}

export const endpointSpecs: Record<ServiceName, EndpointSpec> = {
  redis: { name: 'redis', urlVar: 'REDIS_URL', portVar: 'REDIS_PORT', defaultPort: 6379 },
  postgres: { name: 'postgres', urlVar: 'DATABASE_URL', portVar: 'PG_PORT', defaultPort: 5432 },
  kafka: { name: 'kafka', urlVar: 'KAFKA_BROKERS', portVar: 'KAFKA_PORT', defaultPort: 9092 },
};

/**
 * Where a service must be. `port` is the local instance's port; `userUrl` is the endpoint the
 * user gave, used as it is. `remote` is set when that endpoint is on another machine: it is used
 * when it answers, and is an error when it does not (we cannot start a server there).
 */
export interface ServiceEndpoint {
  name: ServiceName;
  port: number;
  userUrl?: string;
  urlVar: string;
  remote?: string;
}

/**
 * How each service's endpoint is written, and the hosts that mean this machine: our Redis and
 * Postgres listen on 127.0.0.1 and ::1, our Kafka broker on 127.0.0.1 (its brokers are bare
 * host:port, where an IPv6 address does not fit).
 */
const schemes: Record<ServiceName, { protocols: string[]; defaultPort?: number; localHosts: string[]; example: string }> = {
  redis: { protocols: ['redis:'], defaultPort: 6379, localHosts: ['127.0.0.1', 'localhost', '::1'], example: 'redis://127.0.0.1:6390' },
  postgres: {
    protocols: ['postgres:', 'postgresql:'],
    defaultPort: 5432,
    localHosts: ['127.0.0.1', 'localhost', '::1'],
    example: 'postgres://postgres@127.0.0.1:5440/postgres',
  },
  kafka: { protocols: [], localHosts: ['127.0.0.1', 'localhost'], example: '127.0.0.1:9095' },
};

/**
 * Resolves one service from the environment, read as given. A URL variable, when set, decides
 * the port (the port variable may only agree with it); a URL that cannot be a local instance's is
 * an error naming it, never a silent switch to the default port.
 */
export function resolveEndpoint(spec: EndpointSpec, env: NodeJS.ProcessEnv): ServiceEndpoint {
  const base = { name: spec.name, urlVar: spec.urlVar };
  const portFromVar = parsePort(spec.portVar, env[spec.portVar]);
  const raw = env[spec.urlVar]?.trim();
  if (!raw) return { ...base, port: portFromVar ?? spec.defaultPort };
  const shown = `${spec.urlVar}=${redactUrl(raw)}`;
  const address = parseAddress(spec.name, raw, shown);
  if (!address || !schemes[spec.name].localHosts.includes(address.host)) {
    const why = address ? `${address.host} is not this machine` : 'a local kafka is a single broker';
    const remote = `${shown} does not answer, and ${why}: start that server, or point ${spec.urlVar} at 127.0.0.1 to have a local ${spec.name} started there`;
    return { ...base, port: portFromVar ?? spec.defaultPort, userUrl: raw, remote };
  }
  if (portFromVar !== undefined && portFromVar !== address.port) {
    throw new Error(`${shown} says port ${address.port} but ${spec.portVar}=${portFromVar}: set one of them, or make them agree`);
  }
  return { ...base, port: address.port, userUrl: raw };
}

/** Kafka's controller listens beside its broker unless KAFKA_CONTROLLER_PORT says where. */
export function kafkaControllerPort(brokerPort: number, env: NodeJS.ProcessEnv): number {
  return parsePort('KAFKA_CONTROLLER_PORT', env.KAFKA_CONTROLLER_PORT) ?? brokerPort + 1;
}

function parsePort(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${raw} is not a TCP port`);
  return port;
}

/** The host and port of a user's endpoint; undefined for several Kafka brokers, which we cannot start. */
function parseAddress(name: ServiceName, raw: string, shown: string): { host: string; port: number } | undefined {
  const scheme = schemes[name];
  const unusable = (why: string) => new Error(`${shown} is unusable: ${why} (e.g. ${scheme.example})`);
  if (name === 'kafka') {
    const brokers = raw.split(',').map((b) => b.trim()).filter(Boolean);
    if (brokers.length === 0) throw unusable('no broker');
    if (brokers.length > 1) return undefined;
    return hostPort(`kafka://${brokers[0]}`, undefined, unusable);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unusable('not a URL');
  }
  if (!scheme.protocols.includes(url.protocol)) {
    throw unusable(`a local ${name} is started only for ${scheme.protocols.map((p) => `${p}//`).join(' or ')} URLs`);
  }
  return hostPort(raw, scheme.defaultPort, unusable);
}

function hostPort(raw: string, defaultPort: number | undefined, unusable: (why: string) => Error): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unusable('not host:port');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw unusable('no host');
  const port = url.port ? Number(url.port) : defaultPort;
  if (port === undefined) throw unusable('no port');
  return { host, port };
}

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(endpointSpecs, name);
}
