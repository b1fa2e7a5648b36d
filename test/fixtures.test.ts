import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPackage, type ActiveRule } from '../src/engine/lint-package.js';
import { findRule } from '../rules/index.js';
import { optionValues } from '../src/engine/active-rules.js';
import { fixtureFiles } from './helpers/fixture-files.js';
import { diff, parseWants, type Want } from './helpers/wants.js';
import { optionProblem } from '../src/engine/options.js';
import type { OptionValues, RuleOption } from '../src/types.js';

/**
 * The fixtures are the rules' specification (see DESIGN.md). For every directory fixtures/<rule-id>/,
 * its .go files form one Go package (each file keeps its own package clause), and so do the files of
 * each subdirectory (for rules that look across a package's files). A package directory may hold an
 * `options.json` with the rule's option values (`{ "tests": true }`). Each package is linted with
 * that rule active, plus `syntax-error` in every directory: a fixture that stops parsing would
 * otherwise make its negative cases pass without checking anything, so every syntax error must be
 * expected explicitly.
 *
 * Expectations are trailing comments on the line where a finding starts:
 *   // want "lost-cancel"                      one finding of that rule starts on this line
 *   // want "lost-cancel@17"                   ... at byte column 17 (1-based, as go vet counts)
 *   // want "lost-cancel" "overwritten"        ... whose message contains the fragment
 *   // want "lost-cancel" "a" "syntax-error"   several findings on one line
 * Every line without a `want` must have no finding.
 */

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** Not a rule's fixtures: the Go syntax conformance suite (test/syntax-conformance.test.ts). */
const CONFORMANCE_DIR = 'go-syntax';

function fixtureDirs(): string[] {
  return readdirSync(root)
    .filter((d) => d !== CONFORMANCE_DIR && statSync(join(root, d)).isDirectory())
    .sort();
}

function goFiles(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.go'))
    .sort();
}

/** The packages of one rule's fixtures: its own .go files, and each subdirectory's. */
function fixturePackages(dir: string): string[] {
  const subdirs = readdirSync(join(root, dir))
    .filter((d) => statSync(join(root, dir, d)).isDirectory())
    .sort()
    .map((d) => join(dir, d));
  return goFiles(dir).length > 0 ? [dir, ...subdirs] : subdirs;
}

/** A package directory's `options.json`: the rule's option values for that package. */
function fixtureOptions(dir: string, declared: readonly RuleOption[]): OptionValues | undefined {
  const file = join(root, dir, 'options.json');
  if (!existsSync(file)) return undefined;
  const values = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // Checked as a config's would be: a misspelt option would otherwise leave the default in force.
  for (const [name, value] of Object.entries(values)) {
    const option = declared.find((o) => o.name === name);
    expect(option ? optionProblem(option, value) : 'is not an option of the rule', `fixtures/${dir}/options.json: ${name}`).toBeUndefined();
  }
  return values as OptionValues;
}

async function lintFixturePackage(ruleId: string, dir: string): Promise<{ wants: Want[]; problems: string[] }> {
  const rule = findRule(ruleId)!;
  const options = fixtureOptions(dir, rule.meta.options ?? []);
  const active: ActiveRule[] = [{ rule, level: rule.meta.defaultLevel, options: optionValues(rule.meta.options, options) }];
  const syntax = findRule('syntax-error')!;
  if (ruleId !== syntax.meta.id) active.push({ rule: syntax, level: syntax.meta.defaultLevel });
  const files = fixtureFiles(root, dir);
  expect(files.length, `fixtures/${dir} has no .go files`).toBeGreaterThan(0);
  const wants = files.flatMap((f) => parseWants(f.path, f.text));
  const result = await lintPackage({ dir, name: files[0]!.packageName, files }, active);
  expect(result.errors.map((e) => e.message)).toEqual([]);
  return { wants, problems: diff(result.findings, wants) };
}

describe('fixtures', () => {
  for (const ruleId of fixtureDirs()) {
    it(ruleId, async () => {
      expect(findRule(ruleId), `fixtures/${ruleId} is not named after a rule id`).toBeDefined();
      const packages = fixturePackages(ruleId);
      expect(packages.length, `fixtures/${ruleId} has no .go files`).toBeGreaterThan(0);
      const wants: Want[] = [];
      const problems: string[] = [];
      for (const dir of packages) {
        const result = await lintFixturePackage(ruleId, dir);
        wants.push(...result.wants);
        problems.push(...result.problems);
      }
      expect(wants.some((w) => w.ruleId === ruleId), `fixtures/${ruleId} expects no finding of ${ruleId}`).toBe(true);
      expect(problems, `fixtures/${ruleId}: findings differ from the want comments`).toEqual([]);
    });
  }
});
