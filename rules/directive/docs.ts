import type { RuleDocs } from '../../src/types.js';

/** The directive rule's page: `npm run docs` writes docs/rules/directive.md from it. */
export const docs: RuleDocs = {
  what:
    'Reports suppression directives that do not do what they say: a `//gohazard:ignore` or ' +
    '`//gohazard:file-ignore` naming a rule that does not exist, a `//nolint:` list with a name one typo ' +
    'away from one of ours (`lost-cancle`), and a directive for our rules that suppresses no finding on ' +
    'the lines it covers. `//nolint:gohazard` stands for all of our rules.',
  why:
    'A mistyped rule name is silent: the directive suppresses nothing, the finding comes back, and the ' +
    'next reader assumes the hazard was reviewed. A directive left behind after the code was fixed hides ' +
    'the next hazard written on those lines. The findings are at `note` level, which never fails a run.',
  bad: 'func fetch(ctx context.Context) {\n\t//gohazard:ignore lost-cancle the timeout is the caller\'s\n\tctx, cancel := context.WithTimeout(ctx, time.Second)\n\tdefer cancel()\n\tuse(ctx)\n}',
  good: 'func fetch(ctx context.Context) {\n\tctx, cancel := context.WithTimeout(ctx, time.Second)\n\tdefer cancel()\n\tuse(ctx)\n}',
  limits:
    'A `//nolint` name that is not close to one of our rule ids is taken to be another linter\'s ' +
    '(`//nolint:errcheck`) and never reported. A directive is reported as unused only when every rule it ' +
    'names ran (a `--disable`d rule\'s directive is left alone), and bare `//nolint` and `//nolint:all` ' +
    'never are: they serve every linter.',
};
