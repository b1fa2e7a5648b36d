import type { Node } from 'web-tree-sitter';
import { FUNCTION_TYPES, nodeIndex } from './node-index.js';
import { PROGRAM } from './program.js';
import type { GoPackage, SourceFile } from './source.js';
import { projectPath } from './test-support.js';
import type { Place } from '../types.js';

/**
 * Where a node of a file sits, from the program facts alone (see `Place`):
 *  - `test`: the file is test support (a _test.go file, a test-support directory or package, a test
 *    helper package) or is built only for fuzzing: a hang there fails a test run, not a node;
 *  - `command`: the file is a `go run` program (its constraint requires `ignore`, `none` or `generate`), or the
 *    innermost function around the node is main-like (main-like.ts: main, init, a CLI command's action,
 *    what only they call and the literals they run in place). Such code runs once, on the goroutine the
 *    process ends with: a leak there ends with the process, a hang is seen by whoever ran the command.
 *    A literal started with `go` inside main is not main-like, so a daemon's workers stay `service`;
 *    A program (package main) kept in a developer-tool directory of the module (DEV_TOOL_DIRS: `tools/`,
 *    `hack/`, `scripts/`) is a command as a whole: it is run by hand, not shipped;
 *  - `service`: everything else, the code of the long-running program.
 * A node outside any function (a package-level declaration) takes its file's place.
 */
export function placeOf(pkg: GoPackage, file: SourceFile, node: Node): Place {
  const program = pkg.store.get(PROGRAM, pkg);
  if (isTestPlace(pkg, file)) return 'test';
  if (program.isIgnoredProgram(file) || isDevTool(pkg, file)) return 'command';
  const fn = FUNCTIONS.has(node.type) ? node : nodeIndex(file.tree).enclosingFunction(node);
  return fn && program.isMainLike(fn, file) ? 'command' : 'service';
}

/** Whether every node of the file is in test support (see placeOf). */
export function isTestPlace(pkg: GoPackage, file: SourceFile): boolean {
  const program = pkg.store.get(PROGRAM, pkg);
  return program.isTestSupport(file) || program.isFuzzOnly(file);
}

const FUNCTIONS: ReadonlySet<string> = new Set(FUNCTION_TYPES);

/** Directories below the module root whose programs are developers' tools (a `package main` there),
 * unlike `cmd/`, which holds the programs the project ships. A library package under them stays service
 * code: `tools/` holds production libraries as often as not. */
export const DEV_TOOL_DIRS: readonly string[] = ['tools', 'hack', 'scripts'];

function isDevTool(pkg: GoPackage, file: SourceFile): boolean {
  if (file.packageName !== 'main') return false;
  const rel = projectPath(pkg, file);
  return rel !== undefined && rel.split('/').slice(0, -1).some((d) => DEV_TOOL_DIRS.includes(d));
}
