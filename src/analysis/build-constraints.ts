import { foldPositive, parseGoBuild, parsePlusBuild, requiresAnyTag, type BuildExpr } from './build-expr.js';
import { defineFact, storeOf } from './fact-store.js';
import { earlierOf, laterOf, type GoVersion } from './go-version.js';
import type { SourceFile } from './source.js';

export type { BuildExpr } from './build-expr.js';

/**
 * A file's build constraint and what it says about the program the file is part of. The constraint is
 * a fact the go command acts on (a file with `//go:build ignore` is in no build of its package), so a
 * rule that asks "is this a standalone tool run by `go run`?" gets the go command's answer, not a guess
 * from the file's name.
 */

/** The tag that keeps a file out of every build of its package: by convention, the generators and
 * one-off tools that `go run gen.go` or `go generate` runs as programs of their own. */
export const IGNORE_TAG = 'ignore';
/** Tags of programs run by hand rather than built into the package: `ignore` and `none` (go-ethereum's
 * `build/ci.go`: no build sets either), and `generate`, which generators run by `go generate`
 * (`go run -tags generate gen.go`) are commonly built with. */
export const PROGRAM_TAGS: readonly string[] = [IGNORE_TAG, 'none', 'generate'];

/** Tags that only fuzzing builds set: go-fuzz's `gofuzz` (and `gofuzz_libfuzzer` with -libfuzzer), and
 * `libfuzzer`, which the go command sets for `-fuzz` builds instrumented for libFuzzer. */
export const FUZZ_TAGS: readonly string[] = ['gofuzz', 'gofuzz_libfuzzer', 'libfuzzer'];

/** Tags that, by wide convention, select debugging or development builds: code behind them is not in
 * the program users run. */
export const DEBUG_TAGS: readonly string[] = ['debug', 'dev', 'development', 'trace', 'debuglog', 'assert'];

/**
 * The constraint in a Go file's header, as go/build finds it: the one `//go:build` line among the
 * comments and blank lines before the first other text (several are an error: no constraint), else the
 * `// +build` lines of the comment block that a blank line separates from the package clause.
 * Undefined when there is none or it does not parse.
 */
export function headerConstraint(text: string): BuildExpr | undefined {
  // Only the header is split into lines: a generated file may be megabytes long.
  const lines: string[] = [];
  let goBuild: string | undefined;
  let goBuildCount = 0;
  /** Lines before this index are the part that may hold `+build` lines: up to the last blank line. */
  let headerEnd = 0;
  let ended = false;
  let inBlock = false;
  scan: for (let i = 0, start = text.charCodeAt(0) === 0xfeff ? 1 : 0; start <= text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines.push(text.slice(start, end));
    start = end + 1;
    let line = lines[i]!.trim();
    if (line === '' && !ended) {
      headerEnd = i;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inBlock && isGoBuildLine(line)) {
      goBuildCount++;
      goBuild ??= line.slice('//go:build'.length);
    }
    while (line.length > 0) {
      if (inBlock) {
        const close = line.indexOf('*/');
        if (close < 0) continue scan;
        inBlock = false;
        line = line.slice(close + 2).trim();
        continue;
      }
      if (line.startsWith('//')) continue scan;
      if (line.startsWith('/*')) {
        inBlock = true;
        line = line.slice(2).trim();
        continue;
      }
      break scan; // the package clause, or other text
    }
  }
  if (goBuildCount > 1) return undefined;
  if (goBuild !== undefined) return parseGoBuild(goBuild);
  const plus = lines.slice(0, headerEnd).map(plusBuildArgs).filter((a): a is string => a !== undefined);
  return plus.length > 0 ? parsePlusBuild(plus) : undefined;
}

/** `//go:build` followed by white space or nothing (`//go:buildx` is an ordinary comment). */
function isGoBuildLine(line: string): boolean {
  if (!line.startsWith('//go:build')) return false;
  const rest = line.slice('//go:build'.length);
  return rest === '' || /^[ \t]/.test(rest);
}

/** The text after `+build` on a `// +build` line; undefined for other lines. */
function plusBuildArgs(raw: string): string | undefined {
  const line = raw.trim();
  if (!line.startsWith('//')) return undefined;
  const body = line.slice(2).trim();
  if (!body.startsWith('+build')) return undefined;
  const rest = body.slice('+build'.length);
  return rest === '' || /^[ \t]/.test(rest) ? rest.trim() : undefined;
}

const CONSTRAINT = defineFact<SourceFile, BuildExpr | undefined>('build-constraint', (file) => headerConstraint(file.text));

/** The file's build constraint (see headerConstraint), read once per file. */
export function buildConstraint(file: SourceFile): BuildExpr | undefined {
  return storeOf(file.tree).get(CONSTRAINT, file);
}

/** Whether every build of the file sets one of `tags`. */
export function fileRequiresTag(file: SourceFile, tags: readonly string[]): boolean {
  const expr = buildConstraint(file);
  return expr !== undefined && requiresAnyTag(expr, new Set(tags));
}

/** A standalone program run with `go run file.go` (a generator, a one-off tool): its constraint requires
 * `ignore` (or `generate`), so no ordinary build of the package it sits in includes it, and its `main`
 * is its own program's. */
export function isIgnoredProgram(file: SourceFile): boolean {
  return fileRequiresTag(file, PROGRAM_TAGS);
}

/** Code that exists only in fuzzing builds (its constraint requires one of FUZZ_TAGS). */
export function isFuzzOnly(file: SourceFile): boolean {
  return fileRequiresTag(file, FUZZ_TAGS);
}

/** Code that exists only in debugging or development builds (its constraint requires one of
 * DEBUG_TAGS); what it does is not what the shipped program does. */
export function isDebugOnly(file: SourceFile): boolean {
  return fileRequiresTag(file, DEBUG_TAGS);
}

/** The release the file needs: `//go:build go1.23` (or `go1.23 && linux`) compiles only with Go 1.23 or
 * later. `a || b` needs the earlier of the two; a negated release tag sets no lower bound. */
export function minGoVersion(file: SourceFile): GoVersion | undefined {
  const expr = buildConstraint(file);
  return expr && exprMinGoVersion(expr);
}

/** minGoVersion of an expression: a release tag that must be set is a bound; && takes the later. */
export function exprMinGoVersion(expr: BuildExpr): GoVersion | undefined {
  return foldPositive<GoVersion | undefined>(expr, releaseTag, laterOf, earlierOf, undefined);
}

/** `go1.21` → { 1, 21 }: the release tags the go command sets for every release up to its own. */
function releaseTag(tag: string): GoVersion | undefined {
  const m = /^go(\d+)\.(\d+)$/.exec(tag);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
