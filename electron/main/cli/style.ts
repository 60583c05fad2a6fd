import { randomBytes } from 'node:crypto';
import { terminalText } from '../core/analysis/terminalText';

/** What a piece of output says, coloured on a terminal: ok green, bad red, warn yellow. */
export type Tone = 'ok' | 'bad' | 'warn' | 'dim' | 'bold';

const sgr: Record<Tone, string> = { ok: '32', bad: '31', warn: '33', dim: '2', bold: '1' };

export interface Style {
  readonly colour: boolean;
  paint(tone: Tone, text: string): string;
  /**
   * Text ready for the terminal: control characters from outside (worker names, server
   * messages) escaped as everywhere, and this style's colours turned into escape sequences.
   */
  printable(text: string): string;
}

/**
 * Colour on a terminal only. NO_COLOR (https://no-color.org) turns it off; FORCE_COLOR turns
 * it on anywhere (FORCE_COLOR=0 off), and wins over NO_COLOR as in Node itself.
 */
export function colourWanted(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

/**
 * Colours are marked with a NUL and a random word while the output is built, so that the
 * final escaping pass, which writes every control character from outside as a visible
 * `\x..`, can turn back into colour only the marks this process made: text from a server
 * cannot forge one without the word.
 */
export function createStyle(colour: boolean, word = randomBytes(6).toString('hex')): Style {
  const mark = `\u0000${word}`;
  const escapedMark = terminalText(mark);
  return {
    colour,
    paint: (tone, text) => (colour && text !== '' ? `${mark}${sgr[tone]}m${text}${mark}0m` : text),
    printable: (text) => {
      const escaped = terminalText(text, { keepNewlines: true });
      return colour ? escaped.replaceAll(escapedMark, '\u001b[') : escaped;
    },
  };
}

/** No colour: help text, completion scripts, tests. */
export const plainStyle = createStyle(false);
