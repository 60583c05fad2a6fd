import type { TestProject } from 'vitest/node';
import { ensureServices } from '../../scripts/services/index';

/**
 * Makes sure Redis, Postgres and Kafka answer before the suites run and hands their endpoints to
 * the tests (`inject('endpoints')`). They are left running on purpose, so that the next run starts
 * in seconds; `npm run services:down` stops them.
 */
export default async function setup(project: TestProject): Promise<void> {
  const endpoints = await ensureServices({ log: (line) => console.log(`[services] ${line}`) });
  project.provide('endpoints', endpoints);
}
