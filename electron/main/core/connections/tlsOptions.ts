import type { ConnectionOptions } from 'node:tls';
import type { z } from 'zod';
import type { TlsOptionsSchema } from '../../../../shared/profile';

/** Node TLS options from a profile's TLS block (shared by all three drivers). */
export function toTlsOptions(tls: z.infer<typeof TlsOptionsSchema> | undefined): ConnectionOptions | undefined {
  if (!tls) return undefined;
  return {
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}
