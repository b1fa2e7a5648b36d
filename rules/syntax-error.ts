import type { Node } from 'web-tree-sitter';
import { firstSyntaxError } from '../src/dispatch.js';
import type { Rule } from '../src/rule-api.js';

export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    name: 'SyntaxError',
    summary: 'The file does not parse as Go, so the other rules cannot check the broken part',
    defaultLevel: 'error',
    tags: ['correctness', 'go'],
    precision: 'very-high',
    docs: {
      what:
        'Reports the first place where the file does not parse as Go (tree-sitter-go). The other rules ' +
        'still run on the parts of the file that do parse, but stay silent inside the broken region rather than guess.',
      why:
        'A hazard hidden in code that does not parse is not checked. gohazard works on code that does not ' +
        'compile (a missing import, an unknown type), but not on text that is not Go at all.',
      bad: 'func fetch(ctx context.Context) {\n\tctx, cancel := context.WithTimeout(ctx, time.Second\n\tdefer cancel()\n}',
      good: 'func fetch(ctx context.Context) {\n\tctx, cancel := context.WithTimeout(ctx, time.Second)\n\tdefer cancel()\n}',
      limits:
        'Only the first error of a file is reported. tree-sitter recovers from errors differently from the Go ' +
        'compiler, so the reported position can be a little after the real mistake.',
    },
  },
  nodeTypes: [],
  create(ctx) {
    return {
      'file:exit': (root: Node) => {
        if (!root.hasError && !root.isError) return;
        const bad = firstSyntaxError(root) ?? root;
        ctx.report(bad, describe(bad));
      },
    };
  },
};

function describe(node: Node): string {
  const fix = 'gohazard cannot check code it cannot parse; fix the syntax';
  if (node.isMissing) return `syntax error: missing ${JSON.stringify(node.type)}; ${fix}`;
  const text = node.text.replace(/\s+/g, ' ').trim();
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  return shown ? `syntax error: unexpected ${JSON.stringify(shown)}; ${fix}` : `syntax error; ${fix}`;
}
