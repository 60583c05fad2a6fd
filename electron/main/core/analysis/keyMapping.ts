import type { NamespaceMapping } from '../../../../shared/profile';
import { namespaceOf } from './namespaceOf';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface MappedKey {
  mapping: NamespaceMapping;
  /** The key's `{id}` part as text; null when its bytes are not UTF-8 (no text column can hold them). */
  id: string | null;
}

function startsWith(bytes: Uint8Array, part: Uint8Array, at = 0): boolean {
  if (at + part.length > bytes.length) return false;
  for (let i = 0; i < part.length; i++) if (bytes[at + i] !== part[i]) return false;
  return true;
}

/**
 * The first mapping whose key pattern matches the key's bytes: the bytes before `{id}` start
 * it, those after end it, and at least one byte is left for the id. Matching works on bytes so
 * that a binary key never matches by accident of decoding.
 */
export function mappingForKey(key: Uint8Array, mappings: readonly NamespaceMapping[]): MappedKey | null {
  for (const mapping of mappings) {
    const at = mapping.keyPattern.indexOf('{id}');
    const prefix = utf8.encode(mapping.keyPattern.slice(0, at));
    const suffix = utf8.encode(mapping.keyPattern.slice(at + '{id}'.length));
    if (key.length <= prefix.length + suffix.length) continue;
    if (!startsWith(key, prefix) || !startsWith(key, suffix, key.length - suffix.length)) continue;
    const idBytes = key.subarray(prefix.length, key.length - suffix.length);
    let id: string | null;
    try {
      id = strictUtf8.decode(idBytes);
    } catch {
      id = null;
    }
    // Postgres text cannot hold NUL.
    return { mapping, id: id !== null && !id.includes('\u0000') ? id : null };
  }
  return null;
}

/** The mapping and row id of a key whose id a text column can hold; null otherwise (no mapping, or a binary id). */
export function mappedKey(mappings: readonly NamespaceMapping[], key: Uint8Array | null): (MappedKey & { id: string }) | null {
  const mapped = key === null ? null : mappingForKey(key, mappings);
  return mapped === null || mapped.id === null ? null : { mapping: mapped.mapping, id: mapped.id };
}

/** A Postgres identifier in double quotes, quotes doubled: whatever the profile says, it stays one name. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The mapping's table as SQL, each part quoted, and as shown: `schema` with `table`, or a
 * `table` written `schema.table`.
 */
export function tableOf(mapping: Pick<NamespaceMapping, 'table' | 'schema'>): { sql: string; shown: string } {
  const parts = mapping.schema ? [mapping.schema, mapping.table] : mapping.table.split('.');
  return { sql: parts.map(quoteIdent).join('.'), shown: parts.join('.') };
}

/**
 * The mapping to add for an unmapped key: its namespace (the text before the delimiter) with
 * `{id}` after it, and the table named after the namespace in the plural, as the demo names
 * them. Null when the key has no namespace to go by.
 */
export function suggestMapping(key: Uint8Array, delimiter: string): NamespaceMapping | null {
  const namespace = namespaceOf(key, utf8.encode(delimiter));
  if (namespace.startsWith('(') || namespace.includes('\\')) return null;
  const table = namespace.endsWith('s') ? namespace : `${namespace}s`;
  return { keyPattern: `${namespace}${delimiter}{id}`, table: table.replace(/[^A-Za-z0-9_]/g, '_'), keyColumn: 'id', versionColumn: 'version' };
}
