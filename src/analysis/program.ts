import type { Node } from 'web-tree-sitter';
import { defineFact } from './fact-store.js';
import type { GoPackage, SourceFile } from './source.js';

/**
 * Facts about the program a package belongs to, each a documented answer that rules share instead of
 * guessing from names (staticcheck's `code.IsMainLike`, `code.StdlibVersion`).
 * STUB: the full answers land with program facts (issue 9, part 3).
 */

/** A Go release: `go1.23` is { major: 1, minor: 23 }. */
export interface GoVersion {
  major: number;
  minor: number;
}

export interface ProgramFacts {
  /** The Go version the file is compiled at: the nearest go.mod's `go` directive, raised by a
   * `//go:build go1.N` constraint of the file; undefined when neither says. */
  goVersion(file: SourceFile): GoVersion | undefined;
  /** Test or demonstration code: a _test.go file, or a package under a directory whose purpose is
   * testing or examples. */
  isTestSupport(file: SourceFile): boolean;
  /** A function that runs on the process's main goroutine for the life of the process. */
  isMainLike(fn: Node, file: SourceFile): boolean;
}

/** Whether `v` is at least go1.`minor`. An unknown version is taken as the newest. */
export function atLeast(v: GoVersion | undefined, minor: number): boolean {
  return v === undefined || v.major > 1 || (v.major === 1 && v.minor >= minor);
}

export const PROGRAM = defineFact<GoPackage, ProgramFacts>('program', (pkg) => ({
  goVersion: () => parseGoVersion(pkg.module?.go),
  isTestSupport: (file) => file.isTest,
  isMainLike: (fn) => pkg.name === 'main' && fn.type === 'function_declaration' && fn.childForFieldName('name')?.text === 'main',
}));

/** "1.23", "1.22.3", "go1.21rc1" → { 1, N }. */
export function parseGoVersion(text: string | undefined): GoVersion | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)/.exec(text ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
