import fs from 'node:fs';
import path from 'node:path';
import { isSymlink, OUTSIDE, staysInside } from './boundary.js';
import { describeFsError } from './fs-errors.js';
import { IgnoreRules } from './ignore-rules.js';
import { MAX_CONTROL_BYTES, readBounded } from './resource-policy.js';

/** Told about an ignore file that exists but cannot be used (not a regular file, too large, a symlink
 * leaving the repository). */
export type ReportFileError = (absPath: string, message: string) => void;

/**
 * Answers "does git ignore this path?" for paths inside a work tree, from `.git/info/exclude` and the
 * `.gitignore` files of the repository root down to the path's directory (not the global excludes file:
 * finding it means reading git's config).
 *
 * Each nested `.gitignore` is rewritten relative to the repository root and appended after the rules above
 * it, so one IgnoreRules per directory holds every rule that applies there, in git's precedence order
 * (the last matching rule wins, deeper files come later). That keeps git's "a file inside an ignored
 * directory cannot be re-included" to IgnoreRules, which checks parent directories itself.
 *
 * Synchronous on purpose: it reads a few small files once per directory, and the stdin path needs an
 * answer without a walk around it. Everything is cached: a walk asks about thousands of paths.
 */
export class GitignoreMatcher {
  private readonly roots = new Map<string, string | null>();
  private readonly matchers = new Map<string, IgnoreRules>();

  constructor(private readonly report: ReportFileError = () => {}) {}

  /** One ignore file's patterns relative to the root (see readRules); problems go to `report`. */
  private rules(file: string | null, root: string, prefix: string): string[] {
    if (file === null) return [];
    const text = readControlFile(file, root, this.report);
    return text === null ? [] : readRules(text, prefix);
  }

  /** Whether git ignores `absPath` (a directory when `isDir`). Never true outside a work tree, nor for a
   * repository's root. */
  ignores(absPath: string, isDir: boolean): boolean {
    const dir = isDir ? absPath : path.dirname(absPath);
    const root = this.repoRoot(dir);
    if (root === null || root === absPath) return false;
    const rel = toSlash(path.relative(root, absPath));
    return this.matcherFor(path.dirname(absPath), root).ignores(isDir ? `${rel}/` : rel);
  }

  /** The nearest directory at or above `dir` holding a `.git` entry (a directory, or the file that
   * worktrees and submodules have), or null. */
  repoRoot(dir: string): string | null {
    const visited: string[] = [];
    let d = dir;
    let root = this.roots.get(d);
    while (root === undefined) {
      visited.push(d);
      const parent = path.dirname(d);
      if (fs.existsSync(path.join(d, '.git'))) root = d;
      else if (parent === d) root = null;
      else root = this.roots.get((d = parent));
    }
    for (const v of visited) this.roots.set(v, root);
    return root;
  }

  /** The rules that apply in `dir`, which lies at or below `root`. */
  private matcherFor(dir: string, root: string): IgnoreRules {
    const pending: string[] = [];
    let d = dir;
    let matcher = this.matchers.get(d);
    while (matcher === undefined && d !== root && path.dirname(d) !== d) {
      pending.push(d);
      d = path.dirname(d);
      matcher = this.matchers.get(d);
    }
    if (matcher === undefined) {
      matcher = new IgnoreRules().add(this.rules(infoExcludeOf(root), root, '')).add(this.rules(path.join(root, '.gitignore'), root, ''));
      this.matchers.set(root, matcher);
    }
    for (const p of pending.reverse()) {
      const own = this.rules(path.join(p, '.gitignore'), root, toSlash(path.relative(root, p)));
      if (own.length > 0) matcher = new IgnoreRules(matcher).add(own);
      this.matchers.set(p, matcher);
    }
    return matcher;
  }
}

/**
 * A small control file (ignore file, `.git` pointer) read within the resource policy, or null. Missing or
 * unreadable (permissions) files are nothing, as for git; a file that is not regular, too large, or a
 * symlink leaving `boundary` is reported and treated as empty.
 */
export function readControlFile(file: string, boundary: string, report: ReportFileError): string | null {
  if (isSymlink(file) && !staysInside(file, boundary)) {
    report(file, OUTSIDE);
    return null;
  }
  try {
    return readBounded(file, MAX_CONTROL_BYTES, 'read').toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EACCES') report(file, describeFsError(err));
    return null;
  }
}

/** The patterns of one ignore file, rewritten to be relative to the repository root (`prefix` is the
 * file's directory relative to the root). */
function readRules(text: string, prefix: string): string[] {
  const lines = text.split(/\r?\n/);
  if (prefix === '') return lines;
  const out: string[] = [];
  for (const line of lines) {
    const rebased = rebase(line, prefix);
    if (rebased !== null) out.push(rebased);
  }
  return out;
}

/** gitignore(5): a pattern with a slash at its start or in its middle is relative to its file's directory;
 * one without matches a name at any depth below it. */
export function rebase(line: string, prefix: string): string | null {
  if (line.trim() === '' || line.startsWith('#')) return null;
  const negated = line.startsWith('!');
  const body = negated ? line.slice(1) : line;
  const anchored = withoutTrailingSlashes(body).includes('/');
  const rebased = anchored ? `${prefix}/${body.replace(/^\/+/, '')}` : `${prefix}/**/${body}`;
  return negated ? `!${rebased}` : rebased;
}

/** `.git/info/exclude`; in a worktree or submodule `.git` is a file naming the real git directory, and
 * worktrees share `info/` with the main repository through `commondir`. The pointer is a repository's
 * content, so it is followed only to a git directory (see isGitDir), never to /etc or /proc. */
function infoExcludeOf(root: string): string | null {
  let gitDir = path.join(root, '.git');
  try {
    if (fs.lstatSync(gitDir).isFile()) {
      const text = readBounded(gitDir, MAX_CONTROL_BYTES, 'read').toString('utf8');
      const pointer = gitdirPointer(text);
      if (pointer === undefined) return null;
      gitDir = path.resolve(root, pointer);
      if (!isGitDir(gitDir)) return null;
      const common = path.join(gitDir, 'commondir');
      if (fs.existsSync(common)) gitDir = path.resolve(gitDir, readBounded(common, MAX_CONTROL_BYTES, 'read').toString('utf8').trim());
      if (!isGitDir(gitDir)) return null;
    } else if (!fs.statSync(gitDir).isDirectory()) return null;
  } catch {
    // An unreadable .git leaves only the .gitignore files, which is what git would make of it too.
    return null;
  }
  return path.join(gitDir, 'info', 'exclude');
}

/** What git itself creates: a directory named `.git` or `*.git` (bare), or one below such a directory
 * (`.git/worktrees/x`, `.git/modules/x`), holding a HEAD file. */
export function isGitDir(dir: string): boolean {
  const real = fs.realpathSync(dir);
  if (!real.split(path.sep).some((part) => part === '.git' || part.endsWith('.git'))) return false;
  return fs.statSync(path.join(real, 'HEAD')).isFile();
}

/** `body` less a run of trailing slashes and the white space after them, as `body.replace(/\/+\s*$/, '')`
 * would give without retrying the run from each of its slashes (quadratic on a long run of them). */
function withoutTrailingSlashes(body: string): string {
  let end = body.length;
  while (end > 0 && /\s/.test(body[end - 1]!)) end--;
  if (body[end - 1] !== '/') return body;
  while (end > 0 && body[end - 1] === '/') end--;
  return body.slice(0, end);
}

/** What `/^gitdir:\s*(.*?)\s*$/m.exec(text)?.[1]` gives, without its lazy `.*?` retrying `\s*$` from every
 * character of a long run of blanks (quadratic). Like the regex, the blanks after `gitdir:` may span lines. */
export function gitdirPointer(text: string): string | undefined {
  let s = text.startsWith('gitdir:') ? 0 : -1;
  for (let i = 0; s < 0 && i < text.length; i++) if (isLineBreak(text[i]!) && text.startsWith('gitdir:', i + 1)) s = i + 1;
  if (s < 0) return undefined;
  let p = s + 'gitdir:'.length;
  while (p < text.length && /\s/.test(text[p]!)) p++;
  let end = p;
  while (end < text.length && !isLineBreak(text[end]!)) end++;
  return text.slice(p, end).trimEnd();
}

/** The characters that end a line for a regex's `.`, `^` and `$` (with the m flag). */
function isLineBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
}

function toSlash(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
