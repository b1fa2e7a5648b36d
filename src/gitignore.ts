import fs from 'node:fs';
import path from 'node:path';
import { IgnoreRules } from './ignore-rules.js';

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
      matcher = new IgnoreRules().add(readRules(infoExcludeOf(root), '')).add(readRules(path.join(root, '.gitignore'), ''));
      this.matchers.set(root, matcher);
    }
    for (const p of pending.reverse()) {
      const own = readRules(path.join(p, '.gitignore'), toSlash(path.relative(root, p)));
      if (own.length > 0) matcher = new IgnoreRules(matcher).add(own);
      this.matchers.set(p, matcher);
    }
    return matcher;
  }
}

/** The patterns of one ignore file, rewritten to be relative to the repository root (`prefix` is the
 * file's directory relative to the root). A missing or unreadable file has no patterns, as for git. */
function readRules(file: string | null, prefix: string): string[] {
  if (file === null) return [];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
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
 * worktrees share `info/` with the main repository through `commondir`. */
function infoExcludeOf(root: string): string | null {
  let gitDir = path.join(root, '.git');
  try {
    if (fs.statSync(gitDir).isFile()) {
      const pointer = gitdirPointer(fs.readFileSync(gitDir, 'utf8'));
      if (pointer === undefined) return null;
      gitDir = path.resolve(root, pointer);
      const common = path.join(gitDir, 'commondir');
      if (fs.existsSync(common)) gitDir = path.resolve(gitDir, fs.readFileSync(common, 'utf8').trim());
    }
  } catch {
    // An unreadable .git leaves only the .gitignore files, which is what git would make of it too.
  }
  return path.join(gitDir, 'info', 'exclude');
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
