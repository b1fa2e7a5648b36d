import { describe, expect, it } from 'vitest';
import { lintPackage } from '../src/engine/lint-package.js';
import { findRule } from '../rules/index.js';

/** Deep input for http-client-no-timeout: the client is followed through parentheses, variables and
 * nested function literals, and none of that may overflow the stack. */

async function lint(text: string) {
  const rule = findRule('http-client-no-timeout')!;
  const files = [{ path: 'deep.go', text, isTest: false, packageName: 'deep' }];
  return lintPackage({ dir: '.', name: 'deep', files }, [{ rule, level: 'warning' }]);
}

const header = 'package deep\n\nimport "net/http"\n\n';

describe('http-client-no-timeout on deep input', () => {
  it('follows a client literal wrapped in 1,000 parentheses', async () => {
    const depth = 1000;
    const text = `${header}func f(u string) {\nc := ${'('.repeat(depth)}&http.Client{}${')'.repeat(depth)}\nc.Get(u)\n}\n`;
    const result = await lint(text);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.start.line, f.start.column])).toEqual([[6, 7 + depth]]);
  });

  it('finds a client used 1,000 function literals down', async () => {
    const depth = 1000;
    const open = 'func() {\n'.repeat(depth);
    const close = '}()\n'.repeat(depth);
    const text = `${header}func f(u string) {\nc := http.Client{}\n${open}http.Get(u)\nc.Post(u, "", nil)\n${close}}\n`;
    const result = await lint(text);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.start.line, f.start.column])).toEqual([
      [6, 6],
      [7 + depth, 1],
    ]);
  });
});
