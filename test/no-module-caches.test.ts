import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Analyses and rules keep what they learn about a program in the package's FactStore (defineFact), never
 * in a module-level Map or WeakMap: such a cache outlives its package, grows with every package a worker
 * lints, and hides which facts a rule depends on. Constant tables (`new Set([...])`) are fine.
 */

const root = fileURLToPath(new URL('..', import.meta.url));

/** Module-level stores that hold no facts about the linted program, and why. */
const ALLOWED: Record<string, string> = {
  'src/analysis/fact-store.ts': 'the registry of package stores by tree, itself the one sanctioned cache',
  'src/analysis/node-index.ts': 'compiled tree-sitter queries by node-type list: grammar data, the same for every program',
};

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Top-level `const|let name = new Map/WeakMap(...)` declarations of a file. */
export function moduleCaches(text: string): string[] {
  return [...text.matchAll(/^(?:export\s+)?(?:const|let)\s+(\w+)(?:\s*:[^=\n]+)?\s*=\s*new\s+(?:Weak)?Map\b/gm)].map((m) => m[1]!);
}

describe('no module-level caches in analyses and rules', () => {
  it('finds such a cache when there is one', () => {
    expect(moduleCaches('const seen = new WeakMap<Tree, number>();\nfunction f() {\n  const local = new Map();\n}\n')).toEqual(['seen']);
    expect(moduleCaches('export let byName: Map<string, Node> = new Map();\n')).toEqual(['byName']);
  });

  it('keeps facts in the package store', () => {
    const offenders: string[] = [];
    for (const file of [...sources('src/analysis'), ...sources('rules')]) {
      if (ALLOWED[file]) continue;
      for (const name of moduleCaches(readFileSync(join(root, file), 'utf8'))) offenders.push(`${file}: ${name}`);
    }
    expect(offenders).toEqual([]);
  });
});
