import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { goParser } from '../grammars/go.js';
import { syntaxError } from '../rules/syntax-error/rule.js';
import type { RuleContext, SourceFile } from '../src/rule-api.js';

/** Runs the rule on a tree of the plain grammar (no new(expr) workaround), as a parser gap looks. */
async function messages(text: string, packageName = 'p'): Promise<string[]> {
  const tree = (await goParser()).parse(text)!;
  try {
    const file: SourceFile = { path: 'a.go', text, tree, isTest: false, packageName };
    const out: string[] = [];
    const ctx: RuleContext = { file, pkg: { dir: '.', name: packageName, files: [file] }, options: {}, report: (_n: Node, m: string) => out.push(m) };
    syntaxError.create(ctx)['file:exit']!(tree.rootNode);
    return out;
  } finally {
    tree.delete();
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
