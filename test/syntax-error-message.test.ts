import { describe, expect, it } from 'vitest';
import { syntaxError } from '../rules/syntax-error/rule.js';
import { Facts } from '../src/analysis/facts.js';
import { formatMessage } from '../src/engine/lint-package.js';
import { optionValues } from '../src/engine/active-rules.js';
import type { RuleContext } from '../src/rule-api.js';
import { goPackage } from './helpers/source.js';

/** Runs the rule on a tree of the plain grammar (no new(expr) workaround), as a parser gap looks. */
async function messages(text: string, packageName = 'p'): Promise<string[]> {
  const pkg = await goPackage({ 'a.go': text }, packageName);
  const file = pkg.files[0]!;
  try {
    const out: string[] = [];
    const ctx: RuleContext = { file, pkg, facts: new Facts(pkg), options: optionValues(syntaxError.meta.options), report: (d) => out.push(formatMessage(syntaxError.meta, d)) };
    syntaxError.create!(ctx)['file:exit']!(file.tree.rootNode);
    return out;
  } finally {
    file.tree.delete();
  }
}

describe('syntax-error messages', () => {
  it('names a known parser gap as ours, with the lines the rules skipped', async () => {
    const [m] = await messages('package p\n\nfunc f() *int {\n\tn := 1\n\treturn new(n + 1)\n}\n');
    expect(m).toBe('parser gap: gohazard cannot read new(expr) (Go 1.26) here; the rules did not check line 5 in func f; this is a gohazard limitation, not an error in the code');
  });

  it('does not call a broken new(T) beside a real error a parser gap', async () => {
    const [m] = await messages('package p\n\nfunc f() {\n\tp := new(int)\n\tq := g(1,\n}\n');
    expect(m).toMatch(/^syntax error: missing "\)"; the rules did not check line 5 in func f;/);
  });

  it('counts the other errors and never quotes a comment', async () => {
    const [m] = await messages('package p\n\nfunc (s *S) f() {\n\tx := g(1, ] // ::error forged\n}\n\nfunc h() {\n\ty := h(2, ]\n}\n');
    expect(m).toContain('in method f (and ');
    expect(m).not.toContain('forged');
  });

  it('does not quote a file with no package clause', async () => {
    const [m] = await messages('\u0000\u0001root:x:0:0:secret\n', '');
    expect(m).toBe('not Go source: the file has no package clause, so no rule checked it; fix or rename the file');
  });
});
