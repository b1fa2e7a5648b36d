import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPackage, type ActiveRule } from '../../src/engine/lint-package.js';
import { optionValues } from '../../src/engine/active-rules.js';
import { optionProblem } from '../../src/engine/options.js';
import { findRule } from '../../rules/index.js';
import type { ModuleInfo, Rule } from '../../src/rule-api.js';
import { DEFAULT_PLACES, type Finding, type OptionValues, type PlacePolicy, type RuleOption } from '../../src/types.js';
import { parseGoMod } from '../../src/walk/go-mod.js';
import { fixtureFiles } from './fixture-files.js';
import { diff, parseWants, type Want } from './wants.js';

/**
 * The rule tester (go/analysis's analysistest.Run, ESLint's RuleTester): `testRule(rule)` in
 * test/rules/<id>.test.ts checks a rule against its fixtures, its messages and its doc page.
 *
 * Fixtures: fixtures/<rule-id>/ holds Go files forming one package (each keeps its own package clause),
 * and each subdirectory is another package (for rules that look across a package's files). A package
 * directory may hold `options.json` with option values (`{ "extend-exit-words": ["halt"] }`), checked as a config's
 * would be, and `places.json` with a config's place policy (`{ "test": "report" }`; by default, as for
 * users, findings in test support are left out and those in commands are notes), and `go.mod` when the
 * package's Go version matters (rules gated on it see its `go` directive; without one it is unknown). Each package is linted with the rule and `syntax-error` active: a fixture that stops
 * parsing would otherwise pass its negative cases without checking anything.
 *
 * Expectations are trailing comments on the line where a finding starts:
 *   // want "lost-cancel"                        one finding of that rule starts on this line
 *   // want "lost-cancel@17"                     ... at byte column 17 (1-based, as go vet counts)
 *   // want "lost-cancel:overwritten"            ... made from meta.messages.overwritten
 *   // want "lost-cancel:overwritten@17"         both
 *   // want "lost-cancel" "loop iteration"       ... whose message contains the fragment
 *   // want "lost-cancel" "a" "syntax-error"     several findings on one line
 * Every line without a `want` must have no finding.
 */

export const FIXTURES_ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export interface FixtureRun {
  /** The package directories linted, relative to fixtures/. */
  packages: string[];
  wants: Want[];
  findings: Finding[];
  /** Wants without a finding and findings without a want; empty when the fixtures pass. */
  problems: string[];
}

function isDir(path: string): boolean {
  return statSync(path).isDirectory();
}

/** The packages of one rule's fixtures: the directory's own .go files, and each subdirectory's. */
function fixturePackages(dir: string): string[] {
  const entries = readdirSync(join(FIXTURES_ROOT, dir)).sort();
  const subdirs = entries.filter((d) => isDir(join(FIXTURES_ROOT, dir, d))).map((d) => join(dir, d));
  return entries.some((f) => f.endsWith('.go')) ? [dir, ...subdirs] : subdirs;
}

/** A package directory's `options.json`, each value checked against the rule's declaration. */
function fixtureOptions(dir: string, declared: readonly RuleOption[]): OptionValues | undefined {
  const file = join(FIXTURES_ROOT, dir, 'options.json');
  if (!existsSync(file)) return undefined;
  const values = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    const option = declared.find((o) => o.name === name);
    const problem = option ? optionProblem(option, value) : 'is not an option of the rule';
    if (problem) throw new Error(`fixtures/${dir}/options.json: ${name} ${problem}`);
  }
  return values as OptionValues;
}

/** A package directory's `places.json`, read as a config's `places` is. */
function fixturePlaces(dir: string): PlacePolicy | undefined {
  const file = join(FIXTURES_ROOT, dir, 'places.json');
  if (!existsSync(file)) return undefined;
  const places = JSON.parse(readFileSync(file, 'utf8')) as Partial<PlacePolicy>;
  return { ...DEFAULT_PLACES, ...places };
}

/** A package directory's own `go.mod`, read as the loader reads the nearest one (for rules gated on the
 * module's Go version: one fixture package per side of the gate). */
function fixtureModule(dir: string): ModuleInfo | undefined {
  const file = join(FIXTURES_ROOT, dir, 'go.mod');
  if (!existsSync(file)) return undefined;
  const { path, go, toolchain } = parseGoMod(readFileSync(file, 'utf8'));
  return { dir, path, ...(go ? { go } : {}), ...(toolchain ? { toolchain } : {}) };
}

/** The rule plus `syntax-error`, so that a fixture which stops parsing has to say so. */
function activeRules(rule: Rule, options?: OptionValues): ActiveRule[] {
  const active: ActiveRule[] = [{ rule, level: rule.meta.defaultLevel, options: optionValues(rule.meta.options, options) }];
  const syntax = findRule('syntax-error')!;
  if (rule.meta.id !== syntax.meta.id) active.push({ rule: syntax, level: syntax.meta.defaultLevel });
  return active;
}

/** Lints every fixture package of `rule` (fixtures/<dir>, default its id) and diffs against the wants. */
export async function runFixtures(rule: Rule, dir: string = rule.meta.id): Promise<FixtureRun> {
  const run: FixtureRun = { packages: fixturePackages(dir), wants: [], findings: [], problems: [] };
  for (const pkg of run.packages) {
    const files = fixtureFiles(FIXTURES_ROOT, pkg);
    const wants = files.flatMap((f) => parseWants(f.path, f.text));
    const places = fixturePlaces(pkg);
    const module = fixtureModule(pkg);
    const input = { dir: pkg, name: files[0]?.packageName ?? '', files, ...(places ? { settings: { places } } : {}), ...(module ? { module } : {}) };
    const result = await lintPackage(input, activeRules(rule, fixtureOptions(pkg, rule.meta.options ?? [])));
    run.problems.push(...result.errors.map((e) => `error      ${e.file}: ${e.message}`), ...diff(result.findings, wants));
    run.wants.push(...wants);
    run.findings.push(...result.findings);
  }
  return run;
}

/** What a doc example needs around it to be a Go file: a package clause and the imports examples use
 * (an unused import changes nothing for a linter that does not type-check). */
const EXAMPLE_PREAMBLE =
  'package node\n\nimport (\n' +
  ['context', 'errors', 'fmt', 'io', 'log', 'net', 'net/http', 'os', 'os/signal', 'sync', 'syscall', 'time'].map((p) => `\t"${p}"\n`).join('') +
  ')\n\n';

/** The findings of `rule` (and syntax errors) on a doc example. */
export async function lintExample(rule: Rule, example: string): Promise<Finding[]> {
  const text = EXAMPLE_PREAMBLE + example + '\n';
  // Not under an examples/ directory: that is test support, where some rules are silent by design.
  const files = [{ path: 'node/server.go', text, isTest: false, packageName: 'node' }];
  // A rule gated on the Go version says which one its examples are compiled at.
  const go = rule.meta.docs.goVersion;
  const module = go ? { module: { dir: 'node', path: 'example.com/node', go } } : {};
  const result = await lintPackage({ dir: 'node', name: 'node', files, ...module }, activeRules(rule));
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.findings;
}

export interface RuleTestOptions {
  /** Message ids no fixture can produce, each with the test that covers it instead. */
  messagesTestedElsewhere?: Readonly<Record<string, string>>;
}

/** Registers the tests every rule has: fixtures, message ids, doc examples. */
export function testRule(rule: Rule, options: RuleTestOptions = {}): void {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    let run: FixtureRun | undefined;
    const fixtures = async (): Promise<FixtureRun> => (run ??= await runFixtures(rule));

    it('its fixtures give exactly the findings their want comments name', async () => {
      const { packages, wants, problems } = await fixtures();
      expect(packages.length, `fixtures/${id} has no .go files`).toBeGreaterThan(0);
      expect(wants.some((w) => w.ruleId === id), `fixtures/${id} expects no finding of ${id}`).toBe(true);
      expect(problems, `fixtures/${id}: findings differ from the want comments`).toEqual([]);
    });

    it('every message id is used by some fixture finding', async () => {
      const used = new Set((await fixtures()).findings.filter((f) => f.ruleId === id).map((f) => f.messageId));
      const elsewhere = options.messagesTestedElsewhere ?? {};
      expect(Object.keys(rule.meta.messages).filter((m) => !used.has(m) && !(m in elsewhere)), 'message ids no fixture produces').toEqual([]);
      expect(Object.keys(elsewhere).filter((m) => used.has(m) || !(m in rule.meta.messages)), 'ids wrongly listed as tested elsewhere').toEqual([]);
    });

    it("the doc page's bad example is flagged", async () => {
      const findings = await lintExample(rule, rule.meta.docs.bad);
      expect(findings.map((f) => f.ruleId)).toContain(id);
      expect(findings.filter((f) => f.ruleId !== id)).toEqual([]);
    });

    it("the doc page's good example is silent", async () => {
      expect(await lintExample(rule, rule.meta.docs.good)).toEqual([]);
    });
  });
}
