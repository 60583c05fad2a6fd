import type { z } from 'zod';

/** One malformed value, as raw JSON text: JSON can say things JS literals cannot (1e999, `__proto__` keys). */
export interface HostileValue {
  label: string;
  json: string;
}

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

/** Values every boundary must survive, whatever its schema. */
export const hostileValues: HostileValue[] = [
  { label: 'null', json: 'null' },
  { label: 'true', json: 'true' },
  { label: 'zero', json: '0' },
  { label: 'negative', json: '-1' },
  { label: 'infinity via 1e999', json: '1e999' },
  { label: 'minus infinity', json: '-1e999' },
  { label: 'minus zero', json: '-0' },
  { label: 'fraction', json: '1.5' },
  { label: 'unsafe integer', json: '9007199254740993' },
  { label: 'empty string', json: '""' },
  { label: 'string', json: '"x"' },
  { label: 'lone surrogate', json: '"\\ud800"' },
  { label: 'NUL character', json: '"\\u0000"' },
  { label: 'huge string', json: JSON.stringify('x'.repeat(200_000)) },
  { label: 'empty array', json: '[]' },
  { label: 'array of null', json: '[null]' },
  { label: 'empty object', json: '{}' },
  { label: 'deep arrays', json: nested(20_000, '[', ']') },
  { label: 'deep objects', json: nested(20_000, '{"a":', '}') },
  { label: '__proto__ key', json: '{"__proto__":{"polluted":true}}' },
  { label: 'constructor.prototype key', json: '{"constructor":{"prototype":{"polluted":true}}}' },
  { label: 'toString key', json: '{"toString":1,"valueOf":null,"hasOwnProperty":"x"}' },
  { label: 'ten thousand keys', json: JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))) },
];

/** Wrong values for each field of an object schema, and an extra key beside a field. */
function fieldValues(keys: string[]): HostileValue[] {
  const wrong = ['null', '1e999', '-1', '1.5', '"x"', JSON.stringify('y'.repeat(100_000)), '[]', '{}', 'true', '{"__proto__":1}'];
  return keys.flatMap((key) => [
    ...wrong.map((json) => ({ label: `${key}=${json.slice(0, 20)}`, json: `{"${key}":${json}}` })),
    { label: `${key} plus an extra key`, json: `{"${key}":null,"extra":1}` },
    { label: `${key} twice`, json: `{"${key}":1,"${key}":"x"}` },
  ]);
}

/** The field names of a schema that is an object underneath its defaults and wrappers. */
function objectKeys(schema: z.ZodType): string[] {
  let def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  for (let i = 0; i < 8; i += 1) {
    if (def.type === 'object') return Object.keys(def.shape as object);
    const inner = (def.innerType ?? def.in) as { _zod: { def: Record<string, unknown> } } | undefined;
    if (!inner) return [];
    def = inner._zod.def;
  }
  return [];
}

/** Every hostile input for one schema: the generic values, then wrong values field by field. */
export function hostileInputsFor(schema: z.ZodType): HostileValue[] {
  return [...hostileValues, ...fieldValues(objectKeys(schema)), { label: 'unknown field', json: '{"surprise":1}' }];
}
