/**
 * Where a JSON text first goes wrong, as line:column (1-based, columns in characters), and what was
 * expected there: node 20's JSON.parse says "at position N" for some mistakes and nothing for others
 * ("Unexpected token"), and an offset is useless to someone editing a config. A small recursive-descent
 * scan of the grammar; depth is bounded by an explicit stack of one frame per nesting level.
 */
export interface JsonErrorAt {
  line: number;
  column: number;
  expected: string;
}

export function jsonErrorAt(text: string): JsonErrorAt | undefined {
  let i = 0;
  const fail = (expected: string): JsonErrorAt => at(text, i, expected);
  const blank = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < text.length && text[i] !== '"'; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20) return false;
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)) : !'"\\/bfnrt'.includes(text[i] ?? 'x')) return false;
        if (text[i] === 'u') i += 4;
      }
    }
    if (text[i] !== '"') return false;
    i++;
    return true;
  };
  const scalar = (): boolean => {
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // Each frame: the closing bracket it waits for.
  const stack: Array<{ close: '}' | ']' }> = [];
  for (;;) {
    blank();
    const top = stack[stack.length - 1];
    if (top && text[i] === top.close) {
      i++;
      stack.pop();
      const wrong = afterValue();
      if (wrong) return fail(wrong);
      if (stack.length === 0) return undefined;
      continue;
    }
    if (top?.close === '}') {
      if (!string()) return fail('a property name in double quotes');
      blank();
      if (text[i] !== ':') return fail("':'");
      i++;
      blank();
    }
    if (text[i] === '{' || text[i] === '[') {
      stack.push({ close: text[i] === '{' ? '}' : ']' });
      i++;
      continue;
    }
    if (!(text[i] === '"' ? string() : scalar())) return fail('a value');
    const wrong = afterValue();
    if (wrong) return fail(wrong);
    if (stack.length === 0) return undefined;
  }

  /** After a value: the end (at the top level), a closing bracket (left for the loop) or a comma; what
   * was expected instead, or undefined. */
  function afterValue(): string | undefined {
    blank();
    if (stack.length === 0) return i >= text.length ? undefined : 'the end of the file';
    const top = stack[stack.length - 1]!;
    if (text[i] === top.close) return undefined;
    if (text[i] !== ',') return `',' or '${top.close}'`;
    i++;
    blank();
    return text[i] === top.close ? `another ${top.close === '}' ? 'property' : 'element'} after the comma (JSON has no trailing commas)` : undefined;
  }
}

function at(text: string, offset: number, expected: string): JsonErrorAt {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1, expected };
}
