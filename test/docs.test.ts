import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { DOCS_DIR, README, readmeWithRuleTable, rulePages } from '../src/tools/gen-docs.js';

describe('rule docs', () => {
  it.each([...rulePages()])('docs/rules/%s is up to date (npm run docs)', (name, text) => {
    expect(fs.readFileSync(path.join(DOCS_DIR, name), 'utf8')).toBe(text);
  });

  it("README's rule table lists every rule (npm run docs)", () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(readme).toBe(readmeWithRuleTable(readme));
    for (const r of allRules) expect(readme).toContain(`[\`${r.meta.id}\`](docs/rules/${r.meta.id}.md)`);
  });

  it.each(allRules.map((r) => [r.meta.id, r.meta] as const))('%s has complete metadata', (id, meta) => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(meta.name).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(meta.summary.length).toBeGreaterThan(20);
    expect(meta.summary).not.toContain('\n');
    for (const part of [meta.docs.what, meta.docs.why, meta.docs.bad, meta.docs.good, meta.docs.limits]) {
      expect(part.trim().length).toBeGreaterThan(10);
    }
  });
});
