import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { goParser } from '../grammars/go.js';
import { allRules } from '../rules/index.js';
import { lintPackage } from '../src/engine/lint-package.js';
import { fixtureFiles } from './helpers/fixture-files.js';
import { diff, parseWants } from './helpers/wants.js';

/**
 * Go syntax conformance: one package per Go release feature from 1.18 to 1.26 (and directives, cgo),
 * each linted with every rule. `syntax-error` must be silent on all of them, and each file seeds one
 * hazard per other rule inside a function that uses the new syntax: a parser gap that blinds the rules
 * there fails this test even when it produces no syntax error.
 */

const root = fileURLToPath(new URL('../fixtures/go-syntax/', import.meta.url));
const packages = readdirSync(root).sort();
// directive reports on comments, not on Go syntax: the seeds are hazards in code.
const hazardRules = allRules.map((r) => r.meta.id).filter((id) => id !== 'syntax-error' && id !== 'directive').sort();

/** Each package is compiled at the release it is named for (cgo and directives use nothing newer than
 * go1.22), as a go.mod would say: rules gated on the Go version see the version the syntax needs. */
function goVersionOf(dir: string): string {
  const minor = /^go1_(\d+)$/.exec(dir)?.[1];
  return minor ? `1.${minor}` : '1.22';
}

/** Rules that only apply before a Go release: from that release on, a seed could only be a false positive. */
const FIXED_IN: Readonly<Record<string, number>> = { 'time-after-in-loop': 23 };

/** Rules whose hazard needs something only some packages have (cgo-not-freed: a file that imports "C"). */
const ONLY_IN: Readonly<Record<string, readonly string[]>> = { 'cgo-not-freed': ['cgo'] };

function seededRules(dir: string): string[] {
  const minor = Number(goVersionOf(dir).split('.')[1]);
  return hazardRules.filter((id) => !(FIXED_IN[id] !== undefined && minor >= FIXED_IN[id]) && (ONLY_IN[id]?.includes(dir) ?? true));
}

describe('Go syntax conformance', () => {
  it('covers Go 1.18 to 1.26', () => {
    for (let minor = 18; minor <= 26; minor++) expect(packages).toContain(`go1_${minor}`);
  });

  for (const dir of packages) {
    it(dir, async () => {
      const files = fixtureFiles(root, dir);
      expect(files.length).toBeGreaterThan(0);
      const active = allRules.map((rule) => ({ rule, level: rule.meta.defaultLevel }));
      const module = { dir, path: `example.com/${dir}`, go: goVersionOf(dir) };
      const result = await lintPackage({ dir, name: files[0]!.packageName, files, module }, active);
      expect(result.errors).toEqual([]);
      const wants = files.flatMap((f) => parseWants(f.path, f.text));
      for (const f of files) {
        const seeded = [...new Set(wants.filter((w) => w.file === f.path).map((w) => w.ruleId))].sort();
        expect(seeded, `${f.path} seeds one hazard per rule`).toEqual(seededRules(dir));
      }
      expect(diff(result.findings, wants)).toEqual([]);
    });
  }

  it('the Go 1.26 package needs the new(expr) workaround (plain tree-sitter-go rejects it)', async () => {
    const parser = await goParser();
    const [file] = fixtureFiles(root, 'go1_26');
    const tree = parser.parse(file!.text)!;
    try {
      expect(tree.rootNode.hasError).toBe(true);
    } finally {
      tree.delete();
    }
  });
});
