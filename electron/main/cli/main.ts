import { parseArgs } from 'node:util';
import { toAppErrorData } from '../../../shared/errors';
import { Core } from '../core/core';
import { exitCodes, type CliResult } from './cliResult';
import { healthVerb } from './verbs/health';

const usage = `usage: cachescope <verb> [--json] [--profile ID]

verbs:
  health    probe Redis, PostgreSQL and Kafka once; exit 0 when all three answer

options:
  --json        print JSON on stdout
  --profile ID  use another profile than "local" (see profiles.json)

exit codes: 0 ok, 1 unhealthy, 2 bad usage, 3 error`;

const verbs: Record<string, (core: Core, json: boolean) => Promise<CliResult>> = {
  health: healthVerb,
};

async function run(argv: string[]): Promise<CliResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { output: '', exitCode: exitCodes.usage, reason: `${(err as Error).message}\n\n${usage}` };
  }
  const { values, positionals } = parsed;
  const [verbName, ...extra] = positionals;
  if (values.help || !verbName) return { output: usage, exitCode: values.help ? exitCodes.ok : exitCodes.usage };
  const verb = verbs[verbName];
  if (!verb || extra.length > 0) {
    const what = verb ? `unexpected argument "${extra[0]}"` : `unknown verb "${verbName}"`;
    return { output: '', exitCode: exitCodes.usage, reason: `${what}\n\n${usage}` };
  }
  const core = await Core.create({ frontEnd: 'cli', ...(values.profile ? { profileId: values.profile } : {}) });
  try {
    return await verb(core, values.json);
  } finally {
    await core.dispose();
  }
}

run(process.argv.slice(2)).then(
  ({ output, exitCode, reason }) => {
    if (output) process.stdout.write(`${output}\n`);
    if (reason) process.stderr.write(`cachescope: ${reason}\n`);
    // Drivers may hold sockets in TIME_WAIT-like states for a moment; the answer is out.
    process.exit(exitCode);
  },
  (err: unknown) => {
    const data = toAppErrorData(err);
    const json = process.argv.includes('--json');
    if (json) process.stdout.write(`${JSON.stringify({ error: data })}\n`);
    process.stderr.write(`cachescope: ${data.message}\n`);
    process.exit(exitCodes.error);
  },
);
