import { describe, expect, it } from 'vitest';
import { lintPackage } from '../src/engine/lint-package.js';
import { findRule } from '../rules/index.js';
import { optionValues } from '../src/engine/active-rules.js';

/**
 * Endless loops nested a thousand deep: each loop is summarised once (loop-exits.ts) and no walk
 * recurses, so this neither overflows the stack nor rescans the inner loops for every outer one.
 */

async function selectNoExit(text: string) {
  const rule = findRule('select-no-exit')!;
  const files = [{ path: 'deep.go', text, isTest: false, packageName: 'deep' }];
  return lintPackage({ dir: '.', name: 'deep', files }, [{ rule, level: 'warning', options: optionValues(rule.meta.options, { tests: false }) }]);
}

const depth = 1000;
const open = 'for {\nselect {\ncase <-c:\n'.repeat(depth);
const close = '}\n}\n'.repeat(depth);

describe('select-no-exit on deep input', () => {
  it('reports only the outermost of 1,000 nested loops that nothing leaves', async () => {
    const text = `package deep\n\nfunc f(c chan int) {\n${open}work()\n${close}}\n`;
    const result = await selectNoExit(text);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.start.line, f.start.column])).toEqual([[4, 1]]);
  });

  it('lets a return in the innermost loop leave all 1,000', async () => {
    const text = `package deep\n\nfunc f(c chan int) {\n${open}return\n${close}}\n`;
    const result = await selectNoExit(text);
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it('reports the innermost loop when a break leaves only each outer one', async () => {
    const inner = 'for {\nselect {\ncase <-c:\n';
    const outer = 'for {\nif n > 0 {\nbreak\n}\n'.repeat(depth);
    const text = `package deep\n\nfunc f(c chan int, n int) {\n${outer}${inner}work()\n}\n}\n${'}\n'.repeat(depth)}}\n`;
    const result = await selectNoExit(text);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.start.line)).toEqual([4 + 4 * depth]);
  });
});
