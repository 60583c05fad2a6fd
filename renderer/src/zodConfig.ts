import { z } from 'zod';

// The CSP forbids eval: without this, zod probes `new Function` once and the page logs a
// violation. Imported first by main.ts, so it runs before any module parses with a schema.
z.config({ jitless: true });
