const schemePattern = /^([a-z][\w+.-]*):\/\/(.*)$/is;
const hostPattern = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?(?:\/([\w.$-]*))?$/i;
/** A `?` that starts a query (`?name=`), not one that is part of a password. */
const queryStart = /\?[a-z_][\w.-]*=/i;

/**
 * `host[:port][/database]` out of what follows `scheme://`, or null. Whatever precedes the last
 * `@` is user info, even when a raw `/`, `#` or `?` inside a password breaks URL syntax.
 */
function hostPart(rest: string): string | null {
  const query = queryStart.exec(rest);
  const beforeQuery = query ? rest.slice(0, query.index) : rest;
  const afterUserInfo = beforeQuery.slice(beforeQuery.lastIndexOf('@') + 1);
  const match = hostPattern.exec(afterUserInfo.split(/[?#]/)[0]!);
  if (!match) return null;
  const [, host, port, database] = match;
  return `${host}${port ? `:${port}` : ''}${database ? `/${database}` : ''}`;
}

/**
 * What a connection string points at, safe to show and log: scheme, host, port and database,
 * never user info nor query parameters (`?password=`, `?sslpassword=`). Takes anything,
 * unparseable strings and broker lists (`a:9092,b:9092`) included.
 */
export function redactUrl(raw: string): string {
  const withScheme = schemePattern.exec(raw.trim());
  if (withScheme) {
    const [, scheme, rest] = withScheme;
    return `${scheme!.toLowerCase()}://${hostPart(rest!) ?? '(unreadable address)'}`;
  }
  const items = raw.split(',').map((item) => hostPart(item.trim()));
  if (items.length > 0 && items.every((item) => item !== null && !item.includes('/'))) return items.join(',');
  return '(unreadable address)';
}
