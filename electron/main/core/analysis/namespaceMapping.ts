import type { NamespaceMapping } from '../../../../shared/profile';

/** A cache key matched to its table row through the profile's namespace mapping (docs/write-behind-conventions.md §7). */
export interface MappedKey {
  mapping: NamespaceMapping;
  id: string;
}

/**
 * The mapping whose key pattern (`product:{id}`) the key fits, and the id it names. Keys are
 * bytes: one that is not UTF-8 maps to nothing. The text around `{id}` must match exactly and
 * the id must not be empty.
 */
export function mappedKey(mappings: readonly NamespaceMapping[], key: Buffer | null): MappedKey | null {
  if (key === null) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(key);
  } catch {
    return null;
  }
  for (const mapping of mappings) {
    const at = mapping.keyPattern.indexOf('{id}');
    const prefix = mapping.keyPattern.slice(0, at);
    const suffix = mapping.keyPattern.slice(at + '{id}'.length);
    if (text.length <= prefix.length + suffix.length || !text.startsWith(prefix) || !text.endsWith(suffix)) continue;
    return { mapping, id: text.slice(prefix.length, text.length - suffix.length) };
  }
  return null;
}

/** A Postgres identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A table name from a profile, `table` or `schema.table`, each part quoted. */
export function quoteTable(name: string): string {
  return name.split('.').map(quoteIdent).join('.');
}
