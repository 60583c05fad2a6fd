/**
 * Local Redis, Postgres and Kafka for development and tests.
 *
 *   tsx scripts/services.ts up [redis|postgres|kafka …]      start whatever does not answer yet (idempotent)
 *   tsx scripts/services.ts down [redis|postgres|kafka …]    stop what `up` started; anything else is left alone
 *   tsx scripts/services.ts status [redis|postgres|kafka …]  state and endpoint of each service
 *
 * REDIS_URL, DATABASE_URL and KAFKA_BROKERS, when set, say where each service is: used as they
 * are when they answer, else a local instance is started on their port (their host must be this
 * machine). Without them: 127.0.0.1 on REDIS_PORT (6379), PG_PORT (5432), KAFKA_PORT (9092) and
 * KAFKA_CONTROLLER_PORT (broker port + 1). Data, logs and pidfiles live in .services/.
 */
import { describeStatus, ensureServices, isServiceName, serviceStatus, stopServices, type ServiceName } from './services/index';

const commands: Record<string, (names: ServiceName[]) => Promise<void>> = {
  up: async (names) => {
    const only = names.length === 0 ? {} : { redis: names.includes('redis'), postgres: names.includes('postgres'), kafka: names.includes('kafka') };
    await ensureServices({ ...only, log: console.log });
  },
  down: (names) => stopServices(console.log, names.length === 0 ? undefined : names),
  status: async (names) => {
    for (const status of await serviceStatus(names.length === 0 ? undefined : names)) console.log(describeStatus(status));
  },
};

const [name = '', ...rest] = process.argv.slice(2);
const command = commands[name];
const unknown = rest.filter((n) => !isServiceName(n));
if (!command || unknown.length > 0) {
  console.error(`usage: tsx scripts/services.ts ${Object.keys(commands).join('|')} [redis|postgres|kafka …]`);
  process.exitCode = 2;
} else {
  command(rest.filter(isServiceName)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
