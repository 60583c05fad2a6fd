/**
 * Local Redis, Postgres and Kafka for development and tests, all on 127.0.0.1.
 *
 *   tsx scripts/services.ts up      start whatever does not answer yet (idempotent)
 *   tsx scripts/services.ts down    stop what `up` started; anything else is left alone
 *   tsx scripts/services.ts status  state and endpoint of each service
 *
 * Ports: REDIS_PORT (6379), PG_PORT (5432), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093).
 * REDIS_URL, DATABASE_URL and KAFKA_BROKERS, when set and answering, are used as they are.
 * Data, logs and pidfiles live in .services/.
 */
import { describeStatus, ensureServices, serviceStatus, stopServices } from './services/index';

const commands: Record<string, () => Promise<void>> = {
  up: async () => {
    await ensureServices({ log: console.log });
  },
  down: () => stopServices(console.log),
  status: async () => {
    for (const status of await serviceStatus()) console.log(describeStatus(status));
  },
};

const name = process.argv[2] ?? '';
const command = commands[name];
if (!command) {
  console.error(`usage: tsx scripts/services.ts ${Object.keys(commands).join('|')}`);
  process.exitCode = 2;
} else {
  command().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
