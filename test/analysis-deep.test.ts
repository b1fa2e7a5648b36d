import { describe, expect, it } from 'vitest';
import { lintPackage } from '../src/engine/lint-package.js';
import { allRules, findRule } from '../rules/index.js';
import { mixedNesting } from './hostile/scaling-inputs.js';

/**
 * Real code nests a thousand levels deep (generated parsers, table tests) and has lines of
 * hundreds of kilobytes (embedded assets). Every walk in src/analysis is iterative; these inputs
 * would overflow the stack of a recursive one.
 */

async function lostCancel(text: string) {
  const rule = findRule('lost-cancel')!;
  const files = [{ path: 'deep.go', text, isTest: false, packageName: 'deep' }];
  return lintPackage({ dir: '.', name: 'deep', files }, [{ rule, level: 'warning' }]);
}

const header = 'package deep\n\nimport "context"\n\n';

describe('deep and wide input', () => {
  it('handles 1,000 nested if statements', async () => {
    const depth = 1000;
    const open = Array.from({ length: depth }, (_, i) => `if n > ${i} {\n`).join('');
    const leak = 'ctx, cancel := context.WithCancel(ctx)\nif use(ctx) {\nreturn\n}\ncancel()\n';
    const text = `${header}func f(ctx context.Context, n int) {\n${open}${leak}${'}\n'.repeat(depth)}}\n`;
    const result = await lostCancel(text);
    expect(result.errors).toEqual([]);
    const line = 6 + depth;
    expect(result.findings.map((f) => [f.start.line, f.start.column, f.message.includes(`return at line ${line + 2}`)])).toEqual([
      [line, 16, true],
    ]);
  });

  it('handles 1,000 nested blocks and function literals', async () => {
    const depth = 1000;
    const open = Array.from({ length: depth }, (_, i) => (i % 2 === 0 ? '{\n' : 'func() {\n')).join('');
    const close = Array.from({ length: depth }, (_, i) => (i % 2 === 0 ? '}()\n' : '}\n')).reverse().join('');
    const leak = 'ctx, cancel := context.WithTimeout(ctx, 1)\n_ = cancel\n';
    const text = `${header}func f(ctx context.Context) {\n${open}${leak}${close}}\n`;
    const result = await lostCancel(text);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.start.line)).toEqual([6 + depth]);
  });

  it('handles an 800,000-character line', async () => {
    const values = Array.from({ length: 200_000 }, (_, i) => String(i % 10)).join(', ');
    const long = `\ttable := []int{${values}}; ctx, cancel := context.WithTimeout(ctx, 1)`;
    expect(long.length).toBeGreaterThan(600_000);
    const text = `${header}func f(ctx context.Context) int {\n${long}\n\tif use(ctx) {\n\t\treturn 0\n\t}\n\tcancel()\n\treturn len(table)\n}\n`;
    const result = await lostCancel(text);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.start.line, f.start.column])).toEqual([[6, long.indexOf('context.WithTimeout') + 1]]);
  });
});

describe('every rule on deep input', () => {
  it('handles 1,000 levels of for, select, go func and if without an internal error', async () => {
    const text = mixedNesting(1000);
    const files = [{ path: 'deep.go', text, isTest: false, packageName: 'deep' }];
    const result = await lintPackage({ dir: '.', name: 'deep', files }, allRules.map((rule) => ({ rule, level: rule.meta.defaultLevel })));
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'syntax-error')).toEqual([]);
  });
});
