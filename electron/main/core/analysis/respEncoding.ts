/** An argument of a Redis command: text (written as UTF-8) or the bytes of a key. */
export type RespArg = string | Uint8Array;

function argLength(arg: RespArg): number {
  return typeof arg === 'string' ? Buffer.byteLength(arg) : arg.length;
}

/** Decimal digits of a non-negative integer, without building its string. */
function digits(n: number): number {
  let count = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    count++;
  }
  return count;
}

/**
 * Commands in the RESP2 wire format, one after another in a single buffer: what a pipeline
 * writes in one go. Sized in a first pass, so a batch of thousands of arguments costs one
 * allocation and no intermediate strings.
 */
export function encodeCommands(commands: readonly (readonly RespArg[])[]): Buffer {
  let size = 0;
  for (const command of commands) {
    size += 3 + digits(command.length);
    for (const arg of command) {
      const length = argLength(arg);
      size += 5 + digits(length) + length;
    }
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const command of commands) {
    at += out.write(`*${command.length}\r\n`, at, 'latin1');
    for (const arg of command) {
      at += out.write(`$${argLength(arg)}\r\n`, at, 'latin1');
      if (typeof arg === 'string') at += out.write(arg, at, 'utf8');
      else {
        out.set(arg, at);
        at += arg.length;
      }
      at += out.write('\r\n', at, 'latin1');
    }
  }
  return out;
}
