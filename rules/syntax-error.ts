import type { Node } from 'web-tree-sitter';
import { firstSyntaxError } from '../src/dispatch.js';
import type { Rule } from '../src/rule-api.js';
import { knownParserGap, skippedRegion } from './syntax-error-region.js';

export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    name: 'SyntaxError',
    summary: 'Part of the file does not parse, so the rules could not check it; never fails a run by default',
    defaultLevel: 'note',
    tags: ['correctness', 'go'],
    precision: 'very-high',
    docs: {
      what:
        'Reports the first place where the file does not parse as Go (tree-sitter-go), and which lines the ' +
        'rules therefore skipped. The rest of the file, and the rest of the function around the broken ' +
        'statement, are still checked: only paths through the statement that did not parse are not followed. ' +
        'Where the code is valid Go that our parser does not read yet (a known parser gap), the message says so.',
      why:
        'A hazard hidden in code that does not parse is not checked, and silence there looks like health. ' +
        'gohazard works on code that does not compile (a missing import, an unknown type), but not on text ' +
        'that does not parse. The finding is at `note` level, which never fails a run: the compiler is the ' +
        'judge of syntax, and a gap in gohazard\'s parser must not block a commit that `go build` accepts. ' +
        'Set the rule to `error` in `.gohazard.json` to make unparseable files fail the run.',
      bad: 'func fetch(ctx context.Context) {\n\tctx, cancel := context.WithTimeout(ctx, time.Second\n\tdefer cancel()\n}',
      good: 'func fetch(ctx context.Context) {\n\tctx, cancel := context.WithTimeout(ctx, time.Second)\n\tdefer cancel()\n}',
      limits:
        'Only the first error of a file is reported (with a count of the others). tree-sitter recovers from ' +
        'errors differently from the Go compiler, so the reported position can be a little after the real ' +
        'mistake. Go 1.26 `new(expr)` is read by a second parse (see the README); the one known gap left is ' +
        'a `new(...)` that even the second parse cannot read, which is reported as a parser gap.',
    },
  },
  create(ctx) {
    return {
      'file:exit': (root: Node) => {
        if (!root.hasError && !root.isError) return;
        const bad = firstSyntaxError(root) ?? root;
        ctx.report(bad, describe(ctx.file.packageName, ctx.file.text, bad, countErrors(root)));
      },
    };
  },
};

const FIX = 'fix the syntax, or if go build accepts this file, report it as a gohazard parser gap';

function describe(packageName: string, source: string, node: Node, total: number): string {
  if (packageName === '') return 'not Go source: the file has no package clause, so no rule checked it; fix or rename the file';
  const region = skippedRegion(node);
  const lines = region.first === region.last ? `line ${region.first}` : `lines ${region.first}-${region.last}`;
  const more = total > 1 ? ` (and ${total - 1} more syntax error${total > 2 ? 's' : ''} in this file)` : '';
  const skipped = `the rules did not check ${lines}${region.where}${more}`;
  const gap = knownParserGap(region.node, source);
  if (gap) return `parser gap: gohazard cannot read ${gap}; ${skipped}; this is a gohazard limitation, not an error in the code`;
  return `syntax error: ${what(node)}; ${skipped}; ${FIX}`;
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
  const code = comment >= 0 ? text.slice(0, comment) : text;
  const oneLine = code.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  if (oneLine === '') return '';
  return JSON.stringify(oneLine.length > 24 ? `${oneLine.slice(0, 24)}…` : oneLine);
}

/** The number of separate places that did not parse: outermost ERROR and MISSING nodes, those that
 * touch the same lines counted once. */
function countErrors(root: Node): number {
  let count = 0;
  let lastRow = -1;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && (node.isError || node.isMissing)) {
      if (node.startPosition.row > lastRow) count++;
      lastRow = Math.max(lastRow, node.endPosition.row);
      continue;
    }
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child && (child.hasError || child.isMissing)) stack.push(child);
    }
  }
  return Math.max(count, 1);
}
