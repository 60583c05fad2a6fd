import type { Profile } from '../../../../shared/profile';
import { redactUrl } from './redactUrl';

/** A connection string inside a sentence: up to the next blank, quote or parenthesis, without the sentence's punctuation. */
const embeddedUrl = /\b[a-z][\w+.-]*:\/\/[^\s"'`<>)]*[^\s"'`<>).,;:]/gi;
/** `password=…`, `sslpassword: …` and kin, as drivers and connection strings spell them. */
const passwordAssignment = /\b([\w-]*(?:password|passwd|pwd|secret|token)[\w-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,'"]+)/gi;

const mask = '***';

/** Every secret a profile holds, in the spellings a message might carry them. */
export function profileSecrets(profile: Profile): string[] {
  const found = [profile.redis.password, profile.kafka.sasl?.password];
  for (const raw of [profile.redis.url, profile.postgres.url]) {
    const withoutScheme = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const at = withoutScheme.lastIndexOf('@');
    if (at > 0) {
      const userInfo = withoutScheme.slice(0, at);
      const colon = userInfo.indexOf(':');
      if (colon >= 0) found.push(userInfo.slice(colon + 1));
    }
    for (const match of raw.matchAll(/[?&][\w-]*(?:password|secret)[\w-]*=([^&#]*)/gi)) found.push(match[1]);
  }
  const spellings = found.filter((s): s is string => !!s).flatMap((s) => [s, safeDecode(s), encodeURIComponent(s)]);
  return [...new Set(spellings)].sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A message safe to show: connection strings cut down to scheme, host, port and database,
 * `password=…` values masked, and every known secret replaced, wherever it appears.
 */
export function scrubSecrets(text: string, secrets: Iterable<string> = []): string {
  let scrubbed = text;
  for (const secret of secrets) scrubbed = scrubbed.split(secret).join(mask);
  return scrubbed
    // Only user info (`@`) and queries (`?`) carry secrets: other URLs stay as written.
    .replace(embeddedUrl, (url) => (/[@?]/.test(url) ? redactUrl(url) : url))
    .replace(passwordAssignment, (_all, name: string, separator: string) => `${name}${separator}${mask}`);
}

/** Every string inside a value (arrays and objects walked) scrubbed as `scrubSecrets` does. */
export function scrubStrings(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item: unknown) => scrubStrings(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item, secrets)]));
  }
  return value;
}

function isErrorData(value: object): value is { code: string; message: string; details?: unknown } {
  return 'code' in value && typeof value.code === 'string' && 'message' in value && typeof value.message === 'string';
}

/**
 * Every error (`{ code, message, details }`) inside a value with its message and details
 * scrubbed; data around them is left as it is. Returns the same object when nothing changed.
 */
export function scrubErrorsIn<T>(value: T, secrets: readonly string[]): T {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (isErrorData(value)) {
    return {
      ...value,
      message: scrubSecrets(value.message, secrets),
      ...('details' in value ? { details: scrubStrings(value.details, secrets) } : {}),
    } as T;
  }
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const item = source[key];
    if (!item || typeof item !== 'object') continue;
    const scrubbed = scrubErrorsIn(item, secrets);
    if (scrubbed === item) continue;
    copy ??= (Array.isArray(value) ? [...value] : { ...source }) as Record<string, unknown>;
    copy[key] = scrubbed;
  }
  return (copy ?? value) as T;
}
