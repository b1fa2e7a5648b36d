import type { GoPackage } from '../rule-api.js';

/**
 * The names written anywhere in the package's non-test files (`name[...] =`, `++`, `op=`,
 * `name.Store(`, `name.LoadOrStore(`, `name.Swap(`), by a text search: most maps are never written after their
 * declaration, and resolving every use across the package costs far more than a regex.
 */
const WRITES = /([A-Za-z_]\w*)(?:\[[^\]\n]*\]\s*(?:[-+*/%&|^]?=(?!=)|\+\+|--)|\.(?:Store|LoadOrStore|Swap)\()/g;
const writtenCache = new WeakMap<GoPackage, Set<string>>();

export function mayBeWritten(pkg: GoPackage, name: string): boolean {
  let names = writtenCache.get(pkg);
  if (!names) {
    names = new Set();
    for (const f of pkg.files) if (!f.isTest) for (const m of f.text.matchAll(WRITES)) names.add(m[1]!);
    writtenCache.set(pkg, names);
  }
  return names.has(name);
}
