import { describe, expect, test } from 'vitest';
import { colourWanted, createStyle, plainStyle } from '../../../electron/main/cli/style';
import { formatTable } from '../../../electron/main/cli/table';

describe('formatTable', () => {
  test('aligns columns, numbers right, and pads no line end', () => {
    const lines = formatTable(
      [{ header: 'node' }, { header: 'ops/s', align: 'right' }, { header: 'note' }],
      [
        ['127.0.0.1:6379', '12', 'ok'],
        ['b', '1234', ''],
      ],
      { indent: '  ' },
    );
    expect(lines).toEqual(['  node            ops/s  note', '  127.0.0.1:6379     12  ok', '  b                1234']);
  });

  test('an escaped control character counts as the four columns it prints', () => {
    const lines = formatTable([{ header: 'worker' }, { header: 'n' }], [['a\u001bb', '1'], ['abcdef', '2']], { headers: false });
    expect(lines.map((l) => plainStyle.printable(l))).toEqual(['a\\x1bb  1', 'abcdef  2']);
  });

  test('colour goes on after the padding, so columns line up on a terminal', () => {
    const style = createStyle(true, 'w');
    const [, row] = formatTable([{ header: 'status' }, { header: 'x' }], [[{ text: 'ok', tone: 'ok' }, 'y']], { style });
    expect(style.printable(row!)).toBe('\u001b[32mok    \u001b[0m  y');
  });
});

describe('style', () => {
  test('text from outside cannot forge a colour: its escape characters stay visible', () => {
    const style = createStyle(true, 'secret');
    const hostile = 'worker\u001b[8mhidden \u0000guess31m';
    expect(style.printable(`${style.paint('bad', 'DOWN')} ${hostile}`)).toBe('\u001b[31mDOWN\u001b[0m worker\\x1b[8mhidden \\x00guess31m');
  });

  test('no colour paints nothing', () => {
    expect(plainStyle.printable(plainStyle.paint('ok', 'fine'))).toBe('fine');
  });

  test('colour on a terminal, unless NO_COLOR; FORCE_COLOR wins either way', () => {
    expect(colourWanted(true, {})).toBe(true);
    expect(colourWanted(false, {})).toBe(false);
    expect(colourWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(true, { TERM: 'dumb' })).toBe(false);
    expect(colourWanted(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });
});
