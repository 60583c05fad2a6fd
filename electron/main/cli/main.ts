import { toAppErrorData } from '../../../shared/errors';
import { appVersion } from '../core/appVersion';
import type { Core } from '../core/core';
import { exitCodes, type CliResult } from './cliResult';
import { parseCommandLine } from './commandLine';
import { colourWanted, createStyle, plainStyle, type Style } from './style';
import type { OptionSpecs, OptionValues, Verb, VerbContext } from './verb';
import { verbs } from './verbs/index';

/**
 * The core and its drivers (ioredis, pg, kafkajs) load on a verb's first call for it, so
 * `--help`, `--version` and `completion` answer without them.
 */
async function openCore(profile: string | undefined, frontEnd: 'cli' | 'serve'): Promise<Core> {
  const [{ Core }, { startProcessLog }, { defaultUserDataDir }] = await Promise.all([
    import('../core/core'),
    import('../core/logging/processLog'),
    import('../core/profiles/userDataDir'),
  ]);
  const userDataDir = defaultUserDataDir();
  // The CLI's answer could be wrong after an unexpected error: it exits. Serve mode keeps running.
  startProcessLog({ userDataDir, ...(frontEnd === 'cli' ? { fatal: () => process.exit(exitCodes.error) } : {}) });
  return Core.create({ frontEnd, userDataDir, ...(profile ? { profileId: profile } : {}) });
}

async function runVerb(verb: Verb, values: OptionValues<OptionSpecs>, positionals: string[], style: Style): Promise<CliResult> {
  let core: Promise<Core> | undefined;
  const context: VerbContext<OptionSpecs> = {
    values,
    positionals,
    core: (frontEnd = 'cli') => (core ??= openCore(typeof values.profile === 'string' ? values.profile : undefined, frontEnd)),
    style,
    out: {
      text: (line) => process.stdout.write(`${style.printable(line)}\n`),
      json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
    },
    verbs,
  };
  try {
    return await verb.run(context);
  } finally {
    if (core) await (await core).dispose();
  }
}

async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv, verbs, appVersion);
  switch (line.kind) {
    case 'help':
    case 'version':
      process.stdout.write(`${line.text}\n`);
      return exitCodes.ok;
    case 'usage':
      process.stderr.write(`cachescope: ${plainStyle.printable(line.reason)}\n\n${line.help}\n`);
      return exitCodes.usage;
    case 'run': {
      const json = line.values.json === true;
      const style = json ? plainStyle : createStyle(colourWanted(process.stdout.isTTY === true, process.env));
      try {
        // parseArgs gave each option the type its verb declared (a list for a repeatable one).
        const { output, exitCode, reason } = await runVerb(line.verb, line.values as OptionValues<OptionSpecs>, line.positionals, style);
        // JSON escapes its own control characters; text has those from outside escaped.
        if (output) process.stdout.write(`${json ? output : style.printable(output)}\n`);
        if (reason) process.stderr.write(`cachescope: ${plainStyle.printable(reason)}\n`);
        return exitCode;
      } catch (err) {
        const data = toAppErrorData(err);
        if (json) process.stdout.write(`${JSON.stringify({ error: data })}\n`);
        process.stderr.write(`cachescope: ${plainStyle.printable(data.message)}\n`);
        return data.code === 'READ_ONLY' ? exitCodes.readOnly : exitCodes.error;
      }
    }
  }
}

// Drivers may hold sockets open for a moment after dispose; the answer is out, so exit now.
main(process.argv.slice(2)).then((code) => process.exit(code));
