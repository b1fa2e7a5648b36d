import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registered, ruleFiles, seededConformance } from '../src/tools/new-rule.js';

/** The scaffold's edits; the whole command is tried from a fresh clone in issue 9's note (npm test green after it). */
describe('npm run new-rule', () => {
  const index = readFileSync(new URL('../rules/index.ts', import.meta.url), 'utf8');

  it('registers the rule in id order, in the imports and in allRules', () => {
    const out = registered(index, 'lock-not-released');
    expect(out).toContain("import { lockNotReleased } from './lock-not-released/rule.js';\nimport { lostCancel }");
    expect(out).toMatch(/allRules: readonly Rule\[\] = \[(\w+, )*lockNotReleased, lostCancel,/);
    expect(out.split('\n').length).toBe(index.split('\n').length + 1);
  });

  it('writes the rule, its docs, a fixture with a want for its message id, and its test', () => {
    const files = ruleFiles('lock-not-released');
    expect(Object.keys(files).sort()).toEqual([
      'fixtures/lock-not-released/server.go',
      'rules/lock-not-released/docs.ts',
      'rules/lock-not-released/rule.ts',
      'test/rules/lock-not-released.test.ts',
    ]);
    expect(files['rules/lock-not-released/rule.ts']).toContain("export const lockNotReleased: Rule = {\n  meta: {\n    id: 'lock-not-released',\n    name: 'LockNotReleased',");
    expect(files['fixtures/lock-not-released/server.go']).toContain('exampleHazard() // want "lock-not-released:found@2"');
  });

  it('seeds the conformance placeholder in a function body, never in a type', () => {
    const text = 'package p\n\ntype T struct {\n\tm map[int]int // want "unbounded-cache"\n}\n\nfunc f() {\n\tx := 1\n\tg() // want "lost-cancel"\n}\n';
    expect(seededConformance(text, 'lock-not-released').split('\n').slice(7, 10)).toEqual(['\tx := 1', '\texampleHazard() // want "lock-not-released"', '\tg() // want "lost-cancel"']);
  });
});
