import { AppError } from '../../../../shared/errors';
import { exitCodes } from '../cliResult';
import { keyHex } from '../keyArgument';
import { keyDetailJson, keyDetailText } from '../keyOutput';
import { defineVerb, jsonOption, profileOption } from '../verb';

/** `keys get <key> [--hex]`: one key in detail with a bounded preview; exit 1 when it does not exist. */
export const keysGetVerb = defineVerb({
  name: 'keys get',
  summary: 'one key: type, encoding, TTL, memory, idle time and a bounded preview of its value',
  description: 'A key starting with "-" goes after "--": cachescope keys get -- -odd-key',
  arguments: [{ name: 'key', description: "the key's name, or with --hex its bytes in hex" }],
  options: {
    hex: { type: 'boolean', description: "<key> is the key's bytes in hex" },
    ...jsonOption,
    ...profileOption,
  },
  exits: { 0: 'the key exists', 1: 'the key does not exist' },
  async run({ core, values, positionals }) {
    const json = values.json ?? false;
    const hex = keyHex(positionals[0]!, values.hex ?? false);
    if (typeof hex !== 'string') return hex;
    try {
      const detail = await (await core()).invoke('keys.get', { hex });
      return { output: json ? JSON.stringify(keyDetailJson(detail)) : keyDetailText(detail), exitCode: exitCodes.ok };
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      return { output: json ? JSON.stringify({ error: err.toData() }) : '', exitCode: exitCodes.unhealthy, reason: err.message };
    }
  },
});
