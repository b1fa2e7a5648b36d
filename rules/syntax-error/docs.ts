import type { RuleDocs } from '../../src/types.js';

/** The syntax-error rule's page: `npm run docs` writes docs/rules/syntax-error.md from it. */
export const docs: RuleDocs = {
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
};
