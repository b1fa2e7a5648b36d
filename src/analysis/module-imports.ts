import fs from 'node:fs';
import path from 'node:path';
import type { ModuleInfo } from './source.js';

/**
 * The module's import graph, from the import blocks of its files (read, not parsed): which directories of
 * the module import a package. Built only when a fact needs the importers of a package (started-once.ts
 * asks for the callers of an exported function in other packages), and kept by that fact in the asking
 * package's store, so nothing outlives the lint that read it; it reads the first bytes of each non-test .go file of the module, the directories the go
 * command would list (vendor, testdata, `.` and `_` names and nested modules left out, symlinks not
 * followed). A module too large to read this way gives no answer, and the facts that asked conclude
 * nothing.
 */

/** Above this many Go files the index is not built (a monorepo; the answer would cost more than it saves). */
const MAX_FILES = 20_000;
/** An import block sits at the head of a file, after the licence header and the package doc comment. */
const HEAD_BYTES = 16 * 1024;

const SKIPPED_DIRS = new Set(['vendor', 'testdata', 'node_modules']);

/** Import path → the directories (absolute, sorted) of the module whose non-test files import it. */
export type ImportIndex = ReadonlyMap<string, readonly string[]>;

/** The module's import index; undefined when the module is too large to read this way. */
export function readImportIndex(module: ModuleInfo): ImportIndex | undefined {
  return buildIndex(module.dir) ?? undefined;
}

/** The import path of a directory of the module; undefined outside it or without a module path. */
export function importPathOf(module: ModuleInfo, dir: string): string | undefined {
  if (!module.path) return undefined;
  const rel = path.relative(module.dir, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel === '' ? module.path : `${module.path}/${rel.split(path.sep).join('/')}`;
}

function buildIndex(root: string): Map<string, string[]> | null {
  const importers = new Map<string, Set<string>>();
  const stack = [root];
  let files = 0;
  const buffer = Buffer.alloc(HEAD_BYTES);
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (dir !== root && entries.some((e) => e.name === 'go.mod' && e.isFile())) continue;
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) stack.push(full);
      } else if (e.isFile() && e.name.endsWith('.go') && !e.name.endsWith('_test.go')) {
        if (++files > MAX_FILES) return null;
        for (const imported of importsOf(readHead(full, buffer))) {
          let dirs = importers.get(imported);
          if (!dirs) importers.set(imported, (dirs = new Set()));
          dirs.add(dir);
        }
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [imported, dirs] of importers) out.set(imported, [...dirs].sort());
  return out;
}

function readHead(file: string, buffer: Buffer): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, n);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The import paths of a file's head: `import "p"`, `import name "p"` and the grouped form. Comments are
 * removed first, so a commented-out import does not count. */
export function importsOf(head: string): string[] {
  const text = head.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  const out: string[] = [];
  const decl = /\bimport\s*(\(([^)]*)\)|(?:[\w.]+\s+)?"([^"\n]+)")/g;
  for (let m = decl.exec(text); m; m = decl.exec(text)) {
    if (m[3] !== undefined) out.push(m[3]);
    else for (const spec of m[2]!.matchAll(/"([^"\n]+)"/g)) out.push(spec[1]!);
  }
  return out;
}
