import path from 'node:path';
import { isInside } from './boundary.js';
import { GitignoreMatcher } from './gitignore.js';
import type { WalkOptions } from './types.js';

/** Directory names never linted: the go tool skips `testdata` and names starting with '.' or '_', and since
 * Go 1.9 `./...` skips `vendor`; `node_modules` never holds Go code and can be huge. */
export function isSkippedDirName(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name === 'node_modules' || name.startsWith('.') || name.startsWith('_');
}

/** isSkippedDirName as fast-glob ignore patterns, so that it prunes those trees instead of listing them. */
export const SKIPPED_DIR_GLOBS = ['**/vendor/**', '**/testdata/**', '**/node_modules/**', '**/.*/**', '**/_*/**'];

/** Files the go tool leaves out when it lists a package directory. */
export function isSkippedFileName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

/**
 * Decides which paths are excluded: skipped directory names, the caller's config excludes, and .gitignore.
 * Directory answers are cached, since every file below a directory asks about it.
 *
 * A path is judged by the directories between an anchor and it, never by the anchor's ancestors: running in
 * `~/.local/src/proj` must not exclude everything for the `.local` above it.
 */
export class Excluder {
  private readonly gitignore: GitignoreMatcher;
  private readonly dirs = new Map<string, boolean>();

  constructor(private readonly opts: WalkOptions) {
    this.gitignore = new GitignoreMatcher(opts.onFileError);
  }

  /** For a path named on the command line (or by --stdin-filename), which is excluded like any other so
   * that pre-commit and lint-staged, which pass vendor/ and generated files by name, stay quiet. Its anchor
   * is cwd when it lies inside cwd, else its repository's root, else the path's own directory. */
  isExplicitExcluded(absPath: string, isDir: boolean): boolean {
    const dir = isDir ? absPath : path.dirname(absPath);
    const anchor = isInside(absPath, this.opts.cwd) ? this.opts.cwd : (this.gitignore.repoRoot(dir) ?? dir);
    return this.isExcluded(absPath, isDir, anchor);
  }

  /** Where symlinks under `dir` may point: its repository (from `.git`), else `fallback`, the linted root. */
  boundaryFor(dir: string, fallback: string): string {
    return this.gitignore.repoRoot(dir) ?? fallback;
  }

  /** Whether `absPath` or a directory between `top` (exclusive, and already judged) and it is excluded. */
  isExcluded(absPath: string, isDir: boolean, top: string): boolean {
    const dir = isDir ? absPath : path.dirname(absPath);
    if (this.isDirExcluded(dir, top)) return true;
    return !isDir && this.isOwnFileExcluded(absPath);
  }

  private isDirExcluded(dir: string, top: string): boolean {
    const pending: string[] = [];
    let excluded = false;
    for (let d = dir; d !== top && path.dirname(d) !== d; d = path.dirname(d)) {
      const known = this.dirs.get(d);
      if (known !== undefined) {
        excluded = known;
        break;
      }
      pending.push(d);
    }
    for (const d of pending.reverse()) {
      excluded ||= this.isOwnDirExcluded(d);
      this.dirs.set(d, excluded);
    }
    return excluded;
  }

  private isOwnDirExcluded(dir: string): boolean {
    return (
      isSkippedDirName(path.basename(dir)) ||
      (this.opts.isExcluded?.(dir, true) ?? false) ||
      (this.opts.respectGitignore !== false && this.gitignore.ignores(dir, true))
    );
  }

  private isOwnFileExcluded(file: string): boolean {
    return (this.opts.isExcluded?.(file, false) ?? false) || (this.opts.respectGitignore !== false && this.gitignore.ignores(file, false));
  }
}
