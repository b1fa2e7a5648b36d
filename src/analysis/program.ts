import type { Node } from 'web-tree-sitter';
import { isDebugOnly, isFuzzOnly, isIgnoredProgram, minGoVersion } from './build-constraints.js';
import { defineFact } from './fact-store.js';
import { laterOf, parseGoVersion, type GoVersion } from './go-version.js';
import { isMainLikeIn } from './main-like.js';
import type { GoPackage, ModuleInfo, SourceFile } from './source.js';
import { isTestSupportFile } from './test-support.js';

export { atLeast, parseGoVersion, type GoVersion } from './go-version.js';

/**
 * Facts about the program a package belongs to, each a documented answer that rules share instead of
 * guessing from names (staticcheck's `code.IsMainLike`, `code.StdlibVersion`). Each is read from what
 * the go command itself acts on: go.mod, build constraints, file names, imports and the call graph of
 * the package. `file` must be a file of the package the facts were asked for.
 */
export interface ProgramFacts {
  /** The package's module (its nearest go.mod), as the loader found it; undefined when none was. */
  readonly module: ModuleInfo | undefined;
  /** The Go version the file is compiled at: the nearest go.mod's `go` directive, raised by a
   * `//go:build go1.N` constraint of the file (a file that requires go1.23 compiles only with 1.23 or
   * later); undefined when neither says. Compare with `atLeast(v, 22)`. */
  goVersion(file: SourceFile): GoVersion | undefined;
  /** Test or demonstration code: a _test.go file, a file under a test-support directory of the module
   * (TEST_SUPPORT_DIRS and the config's `testSupport`), or a file of a test helper package (its
   * non-test code imports testing, net/http/httptest or testify). See test-support.ts. */
  isTestSupport(file: SourceFile): boolean;
  /** A function that runs on the process's main goroutine for the life of the process: main and init
   * of package main, CLI command actions (cobra, urfave/cli, caddy), the package functions only they
   * call and the literals they run in place. See main-like.ts. */
  isMainLike(fn: Node, file: SourceFile): boolean;
  /** A standalone program run by `go run` (its build constraint requires `ignore`). */
  isIgnoredProgram(file: SourceFile): boolean;
  /** Code only fuzzing builds include (its constraint requires gofuzz, libfuzzer...). */
  isFuzzOnly(file: SourceFile): boolean;
  /** Code only debugging builds include (its constraint requires debug, dev, trace...). */
  isDebugOnly(file: SourceFile): boolean;
}

/** The program facts of a package: `pkg.store.get(PROGRAM, pkg)` (or `facts.program`). Each answer is
 * computed on first use and kept in the package's store (the per-file answers in the store of the
 * file's tree, which the engine makes the same store). */
export const PROGRAM = defineFact<GoPackage, ProgramFacts>('program', (pkg) => {
  const moduleGo = parseGoVersion(pkg.module?.go);
  return {
    module: pkg.module,
    goVersion: (file) => laterOf(moduleGo, minGoVersion(file)),
    isTestSupport: (file) => isTestSupportFile(pkg, file),
    isMainLike: (fn, file) => isMainLikeIn(pkg, fn, file),
    isIgnoredProgram,
    isFuzzOnly,
    isDebugOnly,
  };
});
