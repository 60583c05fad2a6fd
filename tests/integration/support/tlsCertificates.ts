import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A CA of the test's own and a server certificate it signed for `localhost` and 127.0.0.1,
 * made by openssl in a temporary folder: what a redis-server's `--tls-*` options take.
 */
export function makeTlsCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'cachescope-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=CacheScope test CA', '-keyout', path('ca.key'), '-out', path('ca.crt'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', path('server.key'), '-out', path('server.csr'));
  writeFileSync(path('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', path('server.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', path('san.ext'), '-out', path('server.crt'));
  return {
    caPem: readFileSync(path('ca.crt'), 'utf8'),
    /** redis-server options serving TLS only, on `port`, without client certificates. */
    redisArgs: (port: number) => ['--port', '0', '--tls-port', String(port), '--tls-cert-file', path('server.crt'), '--tls-key-file', path('server.key'), '--tls-ca-cert-file', path('ca.crt'), '--tls-auth-clients', 'no'],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
