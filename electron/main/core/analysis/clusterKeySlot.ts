/** CRC16/XMODEM (polynomial 0x1021), the checksum Redis Cluster hashes keys with. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const utf8 = new TextEncoder();

const openBrace = 0x7b;
const closeBrace = 0x7d;

/**
 * The cluster slot of a key (0–16383), a text key by its UTF-8 bytes: only the part inside
 * the first non-empty `{…}` is hashed when there is one, as Redis does, so `{user1}.a` and
 * `{user1}.b` share a slot.
 */
export function clusterKeySlot(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? utf8.encode(key) : key;
  const open = bytes.indexOf(openBrace);
  if (open !== -1) {
    const close = bytes.indexOf(closeBrace, open + 1);
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % 16384;
  }
  return crc16(bytes) % 16384;
}
