/**
 * The demo's cached entities: which namespace (cache key prefix) maps to which table and
 * which data columns it carries. The key pattern and table names are the profile defaults
 * (`product:{id}` → `products`, `user:{id}` → `users`), so the dashboard's diff and replay
 * views work against the demo without configuration.
 */
export interface ColumnDefinition {
  /** Column name; also the field name in the envelope's `data` and in the cached JSON. */
  name: string;
  /** Postgres type used to decode the envelope's JSON field. */
  sqlType: 'text' | 'int' | 'bigint';
}

export interface EntityDefinition {
  /** Envelope `entity` and cache namespace. */
  name: string;
  table: string;
  /** The columns besides id, version and updated_at, which every demo table has. */
  dataColumns: readonly ColumnDefinition[];
}

export const productEntity: EntityDefinition = {
  name: 'product',
  table: 'products',
  dataColumns: [
    { name: 'name', sqlType: 'text' },
    { name: 'price_cents', sqlType: 'int' },
    { name: 'stock', sqlType: 'int' },
  ],
};

export const userEntity: EntityDefinition = {
  name: 'user',
  table: 'users',
  dataColumns: [
    { name: 'email', sqlType: 'text' },
    { name: 'name', sqlType: 'text' },
  ],
};

export const demoEntities: readonly EntityDefinition[] = [productEntity, userEntity];

export function findEntity(name: string): EntityDefinition | undefined {
  return demoEntities.find((entity) => entity.name === name);
}

/** Cache key = Kafka record key, e.g. `product:42` (docs/write-behind-conventions.md §1). */
export function cacheKey(namespace: string, id: string): string {
  return `${namespace}:${id}`;
}

/** The cached JSON of a row: the table's columns by name, as the read-through fill writes them. */
export type CachedRow = Record<string, unknown> & { id: string; version: number; updated_at: string | null };
