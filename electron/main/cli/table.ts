import { terminalText } from '../core/analysis/terminalText';
import { plainStyle, type Style, type Tone } from './style';

export interface Column {
  header: string;
  /** Numbers align right. */
  align?: 'left' | 'right';
}

/** A cell's text, with a tone to colour it on a terminal. */
export type Cell = string | { text: string; tone?: Tone | undefined };

const gap = '  ';

const textOf = (cell: Cell) => (typeof cell === 'string' ? cell : cell.text);
// Widths as printed: an escaped control character takes four columns.
const widthOf = (text: string) => terminalText(text).length;

/**
 * Rows under a header with aligned columns, one line each; colour goes on after the padding
 * so it never shifts a column. No line ends in spaces.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: { style?: Style; indent?: string; headers?: boolean } = {}): string[] {
  const style = options.style ?? plainStyle;
  const indent = options.indent ?? '';
  const headers = options.headers ?? true;
  const widths = columns.map((column, i) => Math.max(headers ? widthOf(column.header) : 0, ...rows.map((row) => widthOf(textOf(row[i] ?? '')))));
  const line = (cells: readonly Cell[], toneAll?: Tone) =>
    indent +
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const text = textOf(cell);
        const padding = ' '.repeat(widths[i]! - widthOf(text));
        const last = i === columns.length - 1;
        const padded = column.align === 'right' ? padding + text : last ? text : text + padding;
        const tone = toneAll ?? (typeof cell === 'string' ? undefined : cell.tone);
        return tone ? style.paint(tone, padded) : padded;
      })
      .join(gap)
      .trimEnd();
  const body = rows.map((row) => line(row));
  return headers ? [line(columns.map((c) => c.header), 'dim'), ...body] : body;
}
