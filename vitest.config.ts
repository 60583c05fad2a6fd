import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Four suites: unit (pure code), integration (the core against real services,
// which the global setup starts when they do not answer), fuzz (hostile input at every
// door of serve mode and IPC), e2e (serve mode in Chromium).
export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/services.ts', 'tests/setup/buildCli.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: suites that start Kafka consumers and child processes run one file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'fuzz',
          include: ['tests/fuzz/**/*.test.ts'],
          globalSetup: ['tests/setup/services.ts'],
          // A case that kills serve mode waits for it to restart (seconds on a busy machine).
          testTimeout: 45_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/services.ts', 'tests/setup/buildApp.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
