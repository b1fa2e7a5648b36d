import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules, findRule } from '../rules/index.js';
import { FIXTURES_ROOT } from './helpers/rule-tester.js';

/** Every rule is run through the rule tester (test/helpers/rule-tester.ts) by its own test file, and
 * every fixture directory belongs to a rule. */

const testsDir = fileURLToPath(new URL('./rules/', import.meta.url));
/** Not a rule's fixtures: the Go syntax conformance suite (test/syntax-conformance.test.ts). */
const CONFORMANCE_DIR = 'go-syntax';

describe('rule tests', () => {
  it.each(allRules.map((r) => r.meta.id))('%s has fixtures and a test/rules file that runs testRule', (id) => {
    expect(existsSync(join(FIXTURES_ROOT, id)), `fixtures/${id}`).toBe(true);
    const file = join(testsDir, `${id}.test.ts`);
    expect(existsSync(file), `test/rules/${id}.test.ts`).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/\btestRule\(/);
  });

  it('every fixture directory is named after a rule', () => {
    const dirs = readdirSync(FIXTURES_ROOT).filter((d) => d !== CONFORMANCE_DIR && statSync(join(FIXTURES_ROOT, d)).isDirectory());
    expect(dirs.filter((d) => !findRule(d))).toEqual([]);
  });
});
