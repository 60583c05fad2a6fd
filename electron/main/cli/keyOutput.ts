import type { KeyDetail, ValuePreview, ValueText } from '../../../shared/contracts/keys';
import { formatBytes, formatCount } from '../../../shared/formatUnits';
import { formatLocalTime, formatTtl, formatUtcTime } from '../../../shared/formatTtl';

/**
 * `keys get --json`: the documented fields first (`key` in the escaped form of
 * docs/key-names.md, `expiresAt` as ISO-8601 UTC), then `keyHex` to pass back with `--hex`
 * and what else the detail tells.
 */
export function keyDetailJson(detail: KeyDetail) {
  return {
    key: detail.key.display,
    type: detail.type,
    ttlMs: detail.ttlMs,
    expiresAt: detail.expiresAt === null ? null : new Date(detail.expiresAt).toISOString(),
    memory: detail.memory,
    encoding: detail.encoding,
    preview: detail.preview,
    truncated: detail.truncated,
    keyHex: detail.key.hex,
    length: detail.length,
    idleSeconds: detail.idleSeconds,
    idleNote: detail.idleNote,
    node: detail.node,
  };
}

function shown(value: ValueText): string {
  return value.truncated ? `${value.text}… (${formatBytes(value.bytes)})` : value.text;
}

function indented(text: string): string {
  return text.replace(/\n/g, '\n    ');
}

function previewLines(preview: ValuePreview): string[] {
  switch (preview.kind) {
    case 'string':
      return [shown(preview.value)];
    case 'list':
      return preview.items.map((item, i) => `${i}  ${indented(shown(item))}`);
    case 'hash':
      return preview.entries.map((e) => `${shown(e.field)}  ${indented(shown(e.value))}`);
    case 'set':
      return preview.members.map((m) => shown(m));
    case 'zset':
      return preview.members.map((m) => `${m.score}  ${shown(m.member)}`);
    case 'stream':
      return preview.entries.map((e) => `${e.id}  ${e.fields.map((f) => `${shown(f.field)}=${shown(f.value)}`).join(' ')}`);
    case 'none':
      return [preview.reason];
  }
}

/** `keys get` without --json: the facts one a line, then the preview. */
export function keyDetailText(detail: KeyDetail): string {
  const expiry = detail.expiresAt === null ? '' : ` (expires ${formatLocalTime(detail.expiresAt)}, ${formatUtcTime(detail.expiresAt)})`;
  const facts = [
    ['key', detail.key.display],
    ['hex', detail.key.hex],
    ['type', `${detail.type}${detail.encoding ? ` (${detail.encoding})` : ''}`],
    ['length', detail.length === null ? '—' : `${formatCount(detail.length)} ${detail.type === 'string' ? 'bytes' : 'elements'}`],
    ['ttl', `${formatTtl(detail.ttlMs)}${expiry}`],
    ['memory', formatBytes(detail.memory)],
    ['idle', detail.idleSeconds === null ? `n/a (${detail.idleNote ?? 'unknown'})` : `${formatCount(detail.idleSeconds)} s`],
    ['node', detail.node],
  ];
  const heading = detail.truncated ? 'preview (truncated: the first part only)' : 'preview';
  return [...facts.map(([name, value]) => `${name!.padEnd(8)}${value}`), '', `${heading}:`, ...previewLines(detail.preview)].join('\n');
}
