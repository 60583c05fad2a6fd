import type { NamespaceMapping } from '../../../../shared/profile';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface MappedKey {
  mapping: NamespaceMapping;
  /** What `{id}` stands for in the key. */
  id: string;
}

/**
 * The profile's mapping that covers a cache key, and the row id it names: `product:{id}`
 * covers `product:42` with id "42" (docs/write-behind-conventions.md §7). The first mapping
 * that fits wins; a key that is not UTF-8 or leaves `{id}` empty is not mapped.
 */
export function mappedKey(mappings: readonly NamespaceMapping[], key: Uint8Array): MappedKey | null {
  let text: string;
  try {
    text = strictUtf8.decode(key);
  } catch {
    return null;
  }
  for (const mapping of mappings) {
    const at = mapping.keyPattern.indexOf('{id}');
    const prefix = mapping.keyPattern.slice(0, at);
    const suffix = mapping.keyPattern.slice(at + '{id}'.length);
    if (text.length > prefix.length + suffix.length && text.startsWith(prefix) && text.endsWith(suffix)) {
      return { mapping, id: text.slice(prefix.length, text.length - suffix.length) };
    }
  }
  return null;
}

/** A Postgres identifier in double quotes, quotes doubled: whatever the profile says, it stays one name. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A table name from the profile, `schema.table` or `table`, quoted part by part. */
export function quoteTableName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? quoteIdentifier(name) : `${quoteIdentifier(name.slice(0, dot))}.${quoteIdentifier(name.slice(dot + 1))}`;
}
