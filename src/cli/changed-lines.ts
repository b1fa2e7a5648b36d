import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The lines changed since a git revision, for --new-from-rev: `git diff -U0 REV` between REV and the
 * working tree (staged and unstaged edits alike), plus untracked files, which are new as a whole.
 * A finding is new when its start line was added or changed.
 */

export class GitError extends Error {}

/** Absolute real path → the changed 1-based lines, or 'all' for an untracked file. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export function changedLines(cwd: string, rev: string): ChangedLines {
  // A revision spelled like an option (`--output=x`) would be read by git diff as one.
  if (rev.startsWith('-') || rev === '') throw new GitError(`--new-from-rev: unknown revision "${rev}"`);
  const top = git(cwd, ['rev-parse', '--show-toplevel'], () => `--new-from-rev needs a git repository, and ${cwd} is not in one`).trim();
  git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], () => `--new-from-rev: unknown revision "${rev}"`);
  const diff = git(top, ['-c', 'core.quotePath=false', 'diff', '-U0', '--no-color', '--no-ext-diff', rev, '--']);
  const changed: ChangedLines = new Map();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = unquote(line.slice(4));
      current = name === '/dev/null' ? undefined : new Set();
      if (current) changed.set(path.join(top, name.replace(/^b\//, '')), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || !current) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    for (let i = 0; i < count; i++) current.add(start + i);
  }
  for (const name of git(top, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0')) {
    if (name !== '') changed.set(path.join(top, name), 'all');
  }
  return changed;
}

/** Whether a finding's start line (its file relative to cwd) changed. */
export function isChanged(changed: ChangedLines, cwd: string, file: string, line: number): boolean {
  const lines = changed.get(realPath(path.resolve(cwd, file)));
  return lines === 'all' || (lines?.has(line) ?? false);
}

/** git's own spelling of the path, with the symlinks of its directory resolved (/tmp → /private/tmp). */
function realPath(abs: string): string {
  try {
    return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
  } catch {
    return abs;
  }
}

function git(cwd: string, args: string[], explain?: () => string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new GitError('--new-from-rev needs git, which is not installed');
    if (explain) throw new GitError(explain());
    throw new GitError(`git ${args[0] === '-c' ? args[2] : args[0]} failed: ${(e.stderr ?? e.message).trim().split('\n')[0]}`);
  }
}

/** A path as git prints it: as is, or in C quotes when it holds a quote, a backslash or a control character. */
function unquote(s: string): string {
  if (!s.startsWith('"')) return s;
  const bytes: number[] = [];
  for (let i = 1; i < s.length - 1; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c));
      continue;
    }
    const n = s[++i]!;
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
