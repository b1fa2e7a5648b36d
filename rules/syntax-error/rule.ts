import type { Node } from 'web-tree-sitter';
import { ancestors } from '../../src/analysis/syntax.js';
import { boundCode } from '../../src/analysis/code-text.js';
import { firstSyntaxError, syntaxErrors } from '../../src/analysis/syntax-errors.js';
import type { Diagnostic, Rule } from '../../src/rule-api.js';
import { docs } from './docs.js';

export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    name: 'SyntaxError',
    summary: 'Part of the file does not parse, so the rules could not check it; never fails a run by default',
    defaultLevel: 'note',
    tags: ['correctness', 'go'],
    precision: 'very-high',
    messages: {
      notGo: 'not Go source: the file has no package clause, so no rule checked it; fix or rename the file',
      parserGap: 'parser gap: gohazard cannot read {gap}; {skipped}; this is a gohazard limitation, not an error in the code',
      syntax: 'syntax error: {what}; {skipped}; fix the syntax, or if go build accepts this file, report it as a gohazard parser gap',
    },
    docs,
  },
  create(ctx) {
    return {
      'file:exit': (root: Node) => {
        if (!root.hasError && !root.isError) return;
        const bad = firstSyntaxError(root) ?? root;
        ctx.report({ node: bad, ...describe(ctx.file.packageName, ctx.file.text, bad, countErrors(root)) });
      },
    };
  },
};

function describe(packageName: string, source: string, node: Node, total: number): Omit<Diagnostic, 'node'> {
  if (packageName === '') return { messageId: 'notGo' };
  const region = skippedRegion(node);
  const lines = region.first === region.last ? `line ${region.first}` : `lines ${region.first}-${region.last}`;
  const more = total > 1 ? ` (and ${total - 1} more syntax error${total > 2 ? 's' : ''} in this file)` : '';
  const skipped = `the rules did not check ${lines}${region.where}${more}`;
  const gap = knownParserGap(region.node, source);
  if (gap) return { messageId: 'parserGap', data: { gap, skipped } };
  return { messageId: 'syntax', data: { what: what(node), skipped } };
}

function what(node: Node): string {
  if (node.isMissing) return `missing ${JSON.stringify(node.type)}`;
  // Only the start is ever shown: an error node can span megabytes.
  const shown = quoted(node.text.slice(0, 256));
  return shown ? `unexpected ${shown}` : 'unexpected input';
}

/** A short, one-line, printable quote of source code (comments and control characters never reach a message). */
function quoted(text: string): string {
  // A comment is never quoted: it is no part of the error, and its text is not for a message.
  const comment = text.search(/\/\/|\/\*/);
  const shown = boundCode(comment >= 0 ? text.slice(0, comment) : text, QUOTE_CHARS);
  return shown === '' ? '' : JSON.stringify(shown);
}

/** Enough to recognise the spot; the position says where it is. */
const QUOTE_CHARS = 24;

/** The number of separate places that did not parse: outermost ERROR and MISSING nodes, those that
 * touch the same lines counted once. */
function countErrors(root: Node): number {
  let count = 0;
  let lastRow = -1;
  for (const e of syntaxErrors(root)) {
    if (e.startPosition.row > lastRow) count++;
    lastRow = Math.max(lastRow, e.endPosition.row);
  }
  return Math.max(count, 1);
}

/** What the rules did not check around a syntax error: the statement or declaration it broke. */
interface SkippedRegion {
  node: Node;
  /** 1-based lines. */
  first: number;
  last: number;
  /** ' in func Name' / ' in method Name', or ''. */
  where: string;
}

/** Containers whose children are statements or declarations: a broken child is what gets skipped. */
const CONTAINERS = new Set(['source_file', 'statement_list', 'block']);

function skippedRegion(error: Node): SkippedRegion {
  const chain = [...ancestors(error), error];
  let region = error;
  for (let i = chain.length - 1; i > 0; i--) {
    if (CONTAINERS.has(chain[i - 1]!.type)) {
      region = chain[i]!;
      break;
    }
  }
  let where = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i]!;
    if (n.type === 'function_declaration' || n.type === 'method_declaration') {
      const name = n.childForFieldName('name')?.text;
      if (name) where = ` in ${n.type === 'method_declaration' ? 'method' : 'func'} ${name}`;
      break;
    }
  }
  const last = region.endPosition.column === 0 && region.endPosition.row > region.startPosition.row ? region.endPosition.row : region.endPosition.row + 1;
  return { node: region, first: region.startPosition.row + 1, last, where };
}

/**
 * Valid Go that tree-sitter-go 0.25 cannot read even after our second parse (grammars/new-expr.ts):
 * a `new(` with an argument in the statement that did not parse. Named so the user is not sent to
 * fix code the compiler accepts.
 */
const KNOWN_GAPS: Array<{ pattern: RegExp; name: string }> = [{ pattern: /\bnew[ \t]*\((?![ \t]*\))/, name: 'new(expr) (Go 1.26) here' }];

/** A statement longer than this is not searched for a gap: it is broken for other reasons. */
const MAX_GAP_SEARCH = 4096;

function knownParserGap(region: Node, source: string): string | undefined {
  if (region.endIndex - region.startIndex > MAX_GAP_SEARCH) return undefined;
  // An unclosed parenthesis on the region's lines is a real syntax error even next to a `new(`: a
  // half-edited line, not valid Go we cannot read.
  if (!balanced(wholeLines(source, region))) return undefined;
  const text = source.slice(region.startIndex, region.endIndex);
  for (const gap of KNOWN_GAPS) if (gap.pattern.test(text)) return gap.name;
  return undefined;
}

function wholeLines(source: string, region: Node): string {
  const start = source.lastIndexOf('\n', region.startIndex - 1) + 1;
  const end = source.indexOf('\n', region.endIndex);
  return source.slice(start, end < 0 ? source.length : end);
}

/** Whether the parentheses of `code` pair up (string and rune literals skipped roughly). */
function balanced(code: string): boolean {
  let depth = 0;
  const bare = code.replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'/g, '""');
  for (const c of bare) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
