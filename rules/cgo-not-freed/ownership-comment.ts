import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../../src/analysis/source.js';

/**
 * C code that keeps a pointer it is given and frees it later (a callback's user data, a string a
 * C struct adopts) is invisible from Go; the code says so in a comment, and that comment is what we
 * trust: on the lines of the statement holding the call, or in the comment block right above it.
 */

/** The phrases that say C now owns the memory. */
export const OWNERSHIP_PHRASES: readonly RegExp[] = [
  /\btakes?\s+(over\s+)?ownership\b/i,
  /\bownership\b.*\b(passes|passed|moves|moved|transferred|transfers|goes)\b/i,
  /\bowned\s+by\s+(C|the\s+C\b|libc|the\s+library)/i,
  /\bfreed\s+by\s+(C|the\s+C\b|the\s+library|the\s+callee|the\s+callback)/i,
  /\bC\s+(side\s+|code\s+|library\s+)?(frees|will\s+free|releases|owns)\b/i,
  // "we later tell librdkafka to free the C memory when it is done"
  /\b(tell|ask|let)s?\s+\S+(\s+\S+){0,4}\s+to\s+free\b/i,
];

/** Whether a comment on the statement around `node`, or just above it, says C takes the memory over. */
export function handedToC(file: SourceFile, node: Node): boolean {
  const statement = statementAround(node);
  const text = file.text;
  const start = lineStart(text, statement.startIndex);
  let end = text.indexOf('\n', node.endIndex);
  if (end < 0) end = text.length;
  if (saysOwned(commentsIn(text.slice(start, end)))) return true;
  // The comment block right above the statement.
  let above = '';
  for (let lineEnd = start - 1; lineEnd > 0; ) {
    const begin = lineStart(text, lineEnd);
    const line = text.slice(begin, lineEnd).trim();
    if (!line.startsWith('//') && !line.startsWith('/*') && !line.startsWith('*')) break;
    above = `${line}\n${above}`;
    lineEnd = begin - 1;
  }
  return above !== '' && saysOwned(above);
}

function saysOwned(comments: string): boolean {
  return comments !== '' && OWNERSHIP_PHRASES.some((p) => p.test(comments));
}

/** The `//` comments of a stretch of code (strings are not comments: `"// x"` is skipped). */
function commentsIn(code: string): string {
  const found: string[] = [];
  for (const line of code.split('\n')) {
    const at = commentStart(line);
    if (at >= 0) found.push(line.slice(at));
  }
  return found.join('\n');
}

function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === '`' || ch === "'") {
      quote = ch;
    } else if (ch === '/' && (line[i + 1] === '/' || line[i + 1] === '*')) {
      return i;
    }
  }
  return -1;
}

function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** The innermost statement holding the node (or the node itself when it stands outside one). */
function statementAround(node: Node): Node {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.parent?.type === 'statement_list' || n.parent?.type === 'block' || n.type.endsWith('_statement') || n.type === 'short_var_declaration') return n;
  }
  return node;
}
