import type { ServiceEndpoints } from '../../scripts/services/index';

// What tests/setup/services.ts provides to the tests, typed for `inject('endpoints')`.
declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: ServiceEndpoints;
  }
}
