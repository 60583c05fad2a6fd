import { z } from 'zod';

/**
 * The key browser: one page of keys matching a pattern at a time (SCAN, never KEYS), and
 * one key in detail with a bounded preview of its value. Key names are bytes; they travel
 * as `{ display, hex }` (shared/keyName.ts) so any key can be reopened exactly.
 */

const count = z.number().int().nonnegative();

export const KeyNameSchema = z.object({
  /** The escaped form (shared/keyName.ts): printable UTF-8 as is, `\\`, other bytes `\xHH`. */
  display: z.string(),
  /** The exact bytes, lowercase hex. */
  hex: z.string().regex(/^(?:[0-9a-f]{2})*$/, 'lowercase hex, two digits per byte'),
});
export type KeyName = z.infer<typeof KeyNameSchema>;

/** The longest pattern accepted, in characters (a 10 kB key name fits, as hex too). */
export const maxPatternLength = 32_768;
/** The longest key name `keys.get` opens, in bytes. */
export const maxKeyNameBytes = 512 * 1024;

/**
 * What to look for: `glob` is a Redis MATCH pattern (`*`, `?`, `[…]`, `\` escapes);
 * `literal` finds keys containing the text as typed; `hex` finds keys containing those bytes.
 */
export const KeySearchSchema = z
  .object({
    text: z.string().max(maxPatternLength),
    as: z.enum(['glob', 'literal', 'hex']).default('glob'),
  })
  .strict();
export type KeySearch = z.infer<typeof KeySearchSchema>;

/**
 * Where a search continues: the masters still to scan, each with its SCAN cursor ("0" for
 * one not started). Masters done are left out.
 */
export const ScanCursorSchema = z
  .array(z.object({ node: z.string().min(1).max(300), cursor: z.string().regex(/^\d{1,20}$/, 'a SCAN cursor') }).strict())
  .max(1_000);
export type ScanCursor = z.infer<typeof ScanCursorSchema>;

export const KeyRowSchema = z.object({
  key: KeyNameSchema,
  /** TYPE's answer: string, list, hash, set, zset, stream, or a module's type name. */
  type: z.string(),
  /** Time to live when read; null when the key does not expire. */
  ttlMs: count.nullable(),
  /** MEMORY USAGE in bytes; null when the server would not say. */
  memory: count.nullable(),
  /** host:port of the master that holds the key. */
  node: z.string(),
});
export type KeyRow = z.infer<typeof KeyRowSchema>;

export const KeyPageSchema = z.object({
  keys: z.array(KeyRowSchema),
  /** Pass it back for the next page; null once every master has been scanned to the end. */
  cursor: ScanCursorSchema.nullable(),
  /** The MATCH pattern sent, as a key name (it is bytes too). */
  pattern: KeyNameSchema,
  /** SCAN calls this page took. */
  scanCalls: count,
  /** Keys SCAN returned twice within this page, shown once. Across pages SCAN may repeat a key (rehashing). */
  duplicates: count,
});
export type KeyPage = z.infer<typeof KeyPageSchema>;

/**
 * A value, or one element of it, as shown: UTF-8 text (JSON pretty-printed when it parses
 * whole), or a hex dump when it is not printable text.
 */
export const ValueTextSchema = z.object({
  format: z.enum(['text', 'json', 'hex']),
  text: z.string(),
  /** Its size in bytes (the whole string's for a string value). */
  bytes: count,
  /** Only the first bytes are shown. */
  truncated: z.boolean(),
});
export type ValueText = z.infer<typeof ValueTextSchema>;

const FieldValueSchema = z.object({ field: ValueTextSchema, value: ValueTextSchema });

export const ValuePreviewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('string'), value: ValueTextSchema }),
  /** The first elements, from index 0. */
  z.object({ kind: z.literal('list'), items: z.array(ValueTextSchema) }),
  /** Elements in HSCAN/SSCAN/ZSCAN order (no order for hashes and sets; not by score for zsets). */
  z.object({ kind: z.literal('hash'), entries: z.array(FieldValueSchema) }),
  z.object({ kind: z.literal('set'), members: z.array(ValueTextSchema) }),
  z.object({ kind: z.literal('zset'), members: z.array(z.object({ member: ValueTextSchema, score: z.string() })) }),
  /** The first entries by id. */
  z.object({ kind: z.literal('stream'), entries: z.array(z.object({ id: z.string(), fields: z.array(FieldValueSchema) })) }),
  /** A type with no preview (a module's). */
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);
export type ValuePreview = z.infer<typeof ValuePreviewSchema>;

export const KeyDetailSchema = z.object({
  key: KeyNameSchema,
  node: z.string(),
  type: z.string(),
  /** OBJECT ENCODING (listpack, hashtable, embstr, …). */
  encoding: z.string().nullable(),
  /** When it was read, epoch ms: the TTL counts down from here. */
  readAt: z.number(),
  ttlMs: count.nullable(),
  /** readAt + ttlMs, epoch ms; null when the key does not expire. */
  expiresAt: z.number().nullable(),
  memory: count.nullable(),
  /** OBJECT IDLETIME in seconds; null with the reason in `idleNote` (an LFU policy does not track it). */
  idleSeconds: count.nullable(),
  idleNote: z.string().nullable(),
  /** STRLEN, LLEN, HLEN, SCARD, ZCARD or XLEN; null for other types. */
  length: count.nullable(),
  preview: ValuePreviewSchema,
  /** The preview shows less than the whole value. */
  truncated: z.boolean(),
});
export type KeyDetail = z.infer<typeof KeyDetailSchema>;

export const KeyHexSchema = z
  .string()
  .max(maxKeyNameBytes * 3, `a key name of at most ${maxKeyNameBytes} bytes`)
  .transform((hex) => hex.replace(/\s+/g, '').toLowerCase())
  .pipe(z.string().regex(/^(?:[0-9a-f]{2})+$/, 'a key name in hex, two digits per byte'));

export const keysMethods = {
  /** One page of keys matching the search, with type, TTL and memory read for that page only. */
  'keys.scan': {
    input: z
      .object({
        search: KeySearchSchema,
        /** From the previous page; absent for the first. */
        cursor: ScanCursorSchema.optional(),
        /** Keys wanted on the page; a page may hold up to one SCAN reply more, or fewer when its scan budget ran out. */
        pageSize: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: KeyPageSchema,
  },
  /** One key by its exact bytes: type, TTL, memory, idle time and a bounded preview. NOT_FOUND when it does not exist. */
  'keys.get': {
    input: z.object({ hex: KeyHexSchema }).strict(),
    output: KeyDetailSchema,
  },
} as const;
