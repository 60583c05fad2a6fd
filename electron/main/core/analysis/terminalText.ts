/**
 * Text from outside (flusher worker names, client ids, server error messages) made safe for a
 * terminal or a log line: C0 and C1 control characters, DEL and the bidirectional overrides
 * are written as visible escapes (`\x1b`, `\u202e`), so nobody can move the cursor, clear the
 * screen, retitle the window or make a line read differently from what it says. Tabs stay;
 * newlines stay only where the caller wants lines.
 */
export function terminalText(text: string, options: { keepNewlines?: boolean } = {}): string {
  const keepNewlines = options.keepNewlines ?? false;
  return text.replace(unsafe, (char) => {
    if (char === '\n' && keepNewlines) return char;
    const code = char.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// C0 except tab, DEL, C1, and the bidi embeddings, overrides and isolates.
const unsafe = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
