import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPackage, type ActiveRule } from '../src/engine.js';
import type { Finding } from '../src/types.js';
import { findRule } from '../rules/index.js';
import { optionValues } from '../src/active-rules.js';

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
const RULE_TOKEN = /^([a-z][a-z0-9-]*)(?:@([0-9]+))?$/;

interface Want {
  file: string;
  line: number;
  ruleId: string;
  column?: number;
  fragment?: string;
}

function fixtureDirs(): string[] {
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
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
function fixtureOptions(dir: string): Record<string, boolean> | undefined {
  const file = join(root, dir, 'options.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, boolean>) : undefined;
}

/** The quoted strings after `// want`, in order. */
function wantTokens(lineText: string): string[] | undefined {
  const match = /\/\/\s*want\s+(".*)$/.exec(lineText);
  if (!match) return undefined;
  return [...match[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
}

/** Parses the wants of one file; a token right after a rule is its message fragment unless it
 * names a known rule itself. Throws on a rule id that does not exist. */
function parseWants(file: string, text: string): Want[] {
  const wants: Want[] = [];
  text.split('\n').forEach((lineText, i) => {
    const tokens = wantTokens(lineText);
    if (!tokens) return;
    if (tokens.length === 0) throw new Error(`${file}:${i + 1}: empty want`);
    let last: Want | undefined;
    for (const token of tokens) {
      const rule = RULE_TOKEN.exec(token);
      const isRule = rule !== null && (last === undefined || findRule(rule[1]!) !== undefined);
      if (!isRule) {
        if (!last || last.fragment !== undefined) throw new Error(`${file}:${i + 1}: stray want token "${token}"`);
        last.fragment = token;
        continue;
      }
      if (!findRule(rule[1]!)) throw new Error(`${file}:${i + 1}: want names unknown rule "${rule[1]}"`);
      last = { file, line: i + 1, ruleId: rule[1]!, ...(rule[2] ? { column: Number(rule[2]) } : {}) };
      wants.push(last);
    }
  });
  return wants;
}

function satisfies(f: Finding, w: Want): boolean {
  return (
    f.file === w.file &&
    f.start.line === w.line &&
    f.ruleId === w.ruleId &&
    (w.column === undefined || f.start.column === w.column) &&
    (w.fragment === undefined || f.message.includes(w.fragment))
  );
}

/** Pairs findings with wants one to one; what is left over on either side is the diff. */
function diff(findings: Finding[], wants: Want[]): string[] {
  const unmatched = [...findings];
  const problems: string[] = [];
  for (const w of wants) {
    const i = unmatched.findIndex((f) => satisfies(f, w));
    if (i >= 0) {
      unmatched.splice(i, 1);
      continue;
    }
    const col = w.column === undefined ? '' : `@${w.column}`;
    const frag = w.fragment === undefined ? '' : ` containing "${w.fragment}"`;
    problems.push(`missing    ${w.file}:${w.line} ${w.ruleId}${col}${frag}`);
  }
  for (const f of unmatched) {
    problems.push(`unexpected ${f.file}:${f.start.line}:${f.start.column} ${f.ruleId}: ${f.message}`);
  }
  return problems;
}

async function lintFixturePackage(ruleId: string, dir: string): Promise<{ wants: Want[]; problems: string[] }> {
  const rule = findRule(ruleId)!;
  const options = fixtureOptions(dir);
  const active: ActiveRule[] = [{ rule, level: rule.meta.defaultLevel, options: optionValues(rule.meta.options, options) }];
  const syntax = findRule('syntax-error')!;
  if (ruleId !== syntax.meta.id) active.push({ rule: syntax, level: syntax.meta.defaultLevel });
  const files = goFiles(dir).map((name) => {
    const path = relative(root, join(root, dir, name));
    const text = readFileSync(join(root, dir, name), 'utf8');
    const packageName = /^package\s+(\w+)/m.exec(text)?.[1] ?? '';
    return { path, text, isTest: name.endsWith('_test.go'), packageName };
  });
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
