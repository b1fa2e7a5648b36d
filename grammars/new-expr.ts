import type { Node, Parser, Tree } from 'web-tree-sitter';
import { syntaxErrors } from '../src/analysis/syntax-errors.js';

/**
 * Go 1.26 lets `new` take an expression (`new(0)`, `new(uint64(id))`, `new("x")`), but tree-sitter-go
 * 0.25 (still the newest release) reads `new` as a keyword that must be followed by a type, so each such
 * call is an ERROR and every rule goes blind around it.
 *
 * The workaround is an offset-preserving second parse: the `new` tokens that the first parse could not
 * read as `new(Type)` are spelled as a plain identifier of the same length (`neW`), so the call parses
 * as an ordinary call with an expression argument. Byte offsets, lines and columns are unchanged, and
 * the tree reads its text from the original source, so `node.text` still says `new`. A `new(T)` that
 * parsed keeps its own parse. The second tree is kept only when it has fewer syntax errors than the
 * first. Files that never spell `new(` or that parse cleanly pay nothing.
 *
 * When tree-sitter-go accepts `new(expr)` itself, test/parse-new-expr.test.ts says so: delete this file
 * and call parser.parse directly.
 */

const SPELLING = 'neW';
/** The quick test: `new`, blanks, `(` (a line break after `new` would end the statement). */
const NEW_CALL = /\bnew[ \t]*\(/;
/** `new` as a whole word; the `(` that must follow is checked by hand to keep the scan linear. */
const NEW_WORD = /\bnew\b/g;

/** A nested `new(new(0))` is read one level per round; deeper nesting than this is not worth a parse. */
const MAX_ROUNDS = 3;

export function parseGo(parser: Parser, text: string): Tree {
  let best = parser.parse(text);
  if (!best) throw new Error('the parser returned no tree');
  if (!best.rootNode.hasError || !NEW_CALL.test(text)) return best;
  const respelled = new Set<number>();
  let weight = errorWeight(best.rootNode);
  for (let round = 0; round < MAX_ROUNDS && weight > 0; round++) {
    const before = respelled.size;
    for (const at of unparsedNewCalls(best.rootNode, text)) respelled.add(at);
    if (respelled.size === before) break;
    const next = parseRespelled(parser, text, [...respelled].sort((a, b) => a - b));
    const nextWeight = next ? errorWeight(next.rootNode) : Infinity;
    if (!next || nextWeight >= weight) {
      next?.delete();
      break;
    }
    best.delete();
    best = next;
    weight = nextWeight;
  }
  return best;
}

/** Offsets of `new` tokens followed by `(` that are neither in a comment or string nor a parsed `new(T)`. */
function unparsedNewCalls(root: Node, text: string): number[] {
  const starts: number[] = [];
  NEW_WORD.lastIndex = 0;
  for (let m = NEW_WORD.exec(text); m; m = NEW_WORD.exec(text)) {
    const at = m.index;
    if (!followedByParen(text, at + 3) || precededByDot(text, at)) continue;
    const leaf = root.descendantForIndex(at, at + 3);
    if (!leaf || leaf.startIndex !== at || leaf.endIndex !== at + 3) continue;
    // Inside a broken call the grammar may also read an inner `new` as a type name.
    if (leaf.type !== 'new' && leaf.type !== 'identifier' && leaf.type !== 'type_identifier') continue;
    if (parsedAsNewOfType(leaf)) continue;
    starts.push(at);
  }
  return starts;
}

function followedByParen(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '(';
}

function precededByDot(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '.';
}

function parsedAsNewOfType(leaf: Node): boolean {
  const call = leaf.parent;
  return call?.type === 'call_expression' && !call.hasError && call.childForFieldName('function')?.id === leaf.id;
}

function parseRespelled(parser: Parser, text: string, starts: number[]): Tree | null {
  const parts: string[] = [];
  let from = 0;
  for (const at of starts) {
    parts.push(text.slice(from, at), SPELLING);
    from = at + 3;
  }
  parts.push(text.slice(from));
  const respelled = parts.join('');
  // The tree keeps this callback to read node text later: once parsed, it reads the original.
  let source = respelled;
  const tree = parser.parse((index) => source.slice(index));
  source = text;
  return tree;
}

/** How much of the file is lost to errors: error nodes count, and so do the bytes they cover. */
function errorWeight(root: Node): number {
  let weight = 0;
  for (const e of syntaxErrors(root)) weight += 1 + (e.endIndex - e.startIndex);
  return weight;
}
