import { toAppErrorData } from '../../../shared/errors';
import { appVersion } from '../core/appVersion';
import type { Core } from '../core/core';
import { exitCodes, type CliResult } from './cliResult';
import { parseCommandLine } from './commandLine';
import { colourWanted, createStyle, plainStyle, type Style } from './style';
import type { OptionSpecs, OptionValues, Verb, VerbContext } from './verb';
import { VerbStop } from './verbStop';
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

/** Writes to stdout unless its reader has gone. */
function print(stop: VerbStop, text: string): void {
  if (!stop.readerGone) process.stdout.write(text);
}

async function runVerb(verb: Verb, values: OptionValues<OptionSpecs>, positionals: string[], style: Style, stop: VerbStop): Promise<CliResult> {
  let core: Promise<Core> | undefined;
  const context: VerbContext<OptionSpecs> = {
    values,
    positionals,
    core: (frontEnd = 'cli') => (core ??= openCore(typeof values.profile === 'string' ? values.profile : undefined, frontEnd)),
    style,
    out: {
      text: (line) => print(stop, `${style.printable(line)}\n`),
      json: (value) => print(stop, `${JSON.stringify(value)}\n`),
    },
    stopSignal: () => stop.signal(),
    verbs,
  };
  try {
    return await verb.run(context);
  } finally {
    stop.dispose();
    if (core) await (await core).dispose();
  }
}

async function main(argv: string[], stop: VerbStop): Promise<number> {
  const line = parseCommandLine(argv, verbs, appVersion);
  switch (line.kind) {
    case 'help':
    case 'version':
      print(stop, `${line.text}\n`);
      return exitCodes.ok;
    case 'usage':
      process.stderr.write(`cachescope: ${plainStyle.printable(line.reason)}\n\n${line.help}\n`);
      return exitCodes.usage;
    case 'run': {
      const json = line.values.json === true;
      const style = json ? plainStyle : createStyle(colourWanted(process.stdout.isTTY === true, process.env));
      try {
        // parseArgs gave each option the type its verb declared (a list for a repeatable one).
        const { output, exitCode, reason } = await runVerb(line.verb, line.values as OptionValues<OptionSpecs>, line.positionals, style, stop);
        // JSON escapes its own control characters; text has those from outside escaped.
        if (output) print(stop, `${json ? output : style.printable(output)}\n`);
        if (reason) process.stderr.write(`cachescope: ${plainStyle.printable(reason)}\n`);
        return exitCode;
      } catch (err) {
        const data = toAppErrorData(err);
        if (json) print(stop, `${JSON.stringify({ error: data })}\n`);
        process.stderr.write(`cachescope: ${plainStyle.printable(data.message)}\n`);
        return data.code === 'READ_ONLY' ? exitCodes.readOnly : exitCodes.error;
      }
    }
  }
}

/**
 * Resolves once stdout has handed everything to the OS: a pipe takes writes asynchronously,
 * and exiting before would cut a long answer short for the program reading it.
 */
function flushed(stop: VerbStop): Promise<void> {
  return new Promise((resolve) => (stop.readerGone ? resolve() : process.stdout.write('', () => resolve())));
}

const stop = new VerbStop();
// Drivers may hold sockets open for a moment after dispose; the answer is out, so exit now.
main(process.argv.slice(2), stop).then(async (code) => {
  await flushed(stop);
  process.exit(code);
});
