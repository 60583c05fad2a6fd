/**
 * A group member's host as Kafka reports it: Java's `InetAddress.toString()`, "name/address",
 * with an empty name when none was resolved ("/127.0.0.1"). People read "127.0.0.1", or
 * "name (address)".
 */
export function clientHost(raw: string): string {
  const slash = raw.indexOf('/');
  if (slash === -1) return raw;
  const name = raw.slice(0, slash);
  const address = raw.slice(slash + 1);
  if (!name || !address || name === address) return name || address;
  return `${name} (${address})`;
}
