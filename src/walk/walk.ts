import fs from 'node:fs';
import path from 'node:path';
import type fg from 'fast-glob';
import { isInside, isSymlink, OUTSIDE, staysInside } from './boundary.js';
import { Excluder, SKIPPED_DIR_GLOBS, isSkippedFileName } from './exclude.js';
import { describeFsError } from './fs-errors.js';
import { scanHeader } from './generated.js';
import { compareStrings } from '../engine/order.js';
import type { FileError } from '../types.js';
import type { FileRef, PackageFiles, WalkOptions } from './types.js';

export { loadPackages, loadStdin, type LoadedFile, type LoadedPackage } from './load.js';

export type { FileRef, PackageFiles, WalkOptions } from './types.js';

export interface WalkResult {
  /** Sorted by directory. */
  dirs: PackageFiles[];
  errors: FileError[];
  /** The named files and directories an exclude skipped (display paths, each once, sorted). */
  excluded: string[];
}

/**
 * Turns command-line arguments into the directories to lint, the way the go tool reads them: `./...`,
 * `dir/...` and `...` walk a tree, a directory means its own .go files, a file means itself; no argument
 * means `./...`. Missing and unreadable paths become errors and the rest still runs. `-` (stdin) is the
 * caller's business.
 */
export async function walk(args: string[], opts: WalkOptions): Promise<WalkResult> {
  const w = new Walk(opts);
  for (const arg of args.length > 0 ? args : ['./...']) await w.addArg(arg);
  const dirs = w.packageDirs();
  for (const d of dirs) if (w.onlyNamed(d.dir)) d.context = await w.siblings(d);
  return { dirs, errors: w.sortedErrors(), excluded: [...new Set(w.excluded)].sort(compareStrings) };
}

/** Whether a file named by --stdin-filename would have been left out had it been named on disk: the same
 * directory, config and .gitignore excludes, and (unless includeGenerated) a generated header in `text`. */
export function isPathExcluded(absPath: string, text: string, opts: WalkOptions): boolean {
  if (!opts.includeGenerated && scanHeader(text).generated) return true;
  return new Excluder(opts).isExplicitExcluded(absPath, false);
}

class Walk {
  private readonly found = new Map<string, FileRef>();
  /** Directories some of whose files were listed (a directory argument or a tree): all their files are in. */
  private readonly listed = new Set<string>();
  private readonly errors: FileError[] = [];
  private readonly excluder: Excluder;
  readonly excluded: string[] = [];

  constructor(private readonly opts: WalkOptions) {
    this.excluder = new Excluder({ ...opts, onFileError: (p, m) => this.fail(p, m) });
  }

  async addArg(arg: string): Promise<void> {
    const recursive = /(^|[\\/])\.\.\.$/.test(arg);
    const abs = path.resolve(this.opts.cwd, recursive ? arg.slice(0, -3) || '.' : arg);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(abs);
    } catch (err) {
      return this.fail(abs, describeFsError(err));
    }
    if (stat.isDirectory()) {
      if (this.excluder.isExplicitExcluded(abs, true)) this.excluded.push(this.display(abs));
      else await this.addListed(abs, recursive);
    } else if (recursive) this.fail(abs, 'not a directory');
    else if (!stat.isFile()) this.fail(abs, 'not a regular file');
    else if (path.extname(abs) !== '.go') this.fail(abs, 'not a Go file');
    else if (this.excluder.isExplicitExcluded(abs, false)) this.excluded.push(this.display(abs));
    else this.addChecked(abs, isInside(abs, this.opts.cwd) ? this.opts.cwd : path.dirname(abs));
  }

  /** Lists a directory's .go files, or a whole tree's. Symlinked directories are not followed (nor by the
   * go tool), so a symlink loop cannot hang the walk. */
  private async addListed(root: string, recursive: boolean): Promise<void> {
    // Loaded on first use: a pre-commit or editor run names files and never lists a directory.
    const { default: glob } = await import('fast-glob');
    const entries = await glob(recursive ? '**/*.go' : '*.go', {
      cwd: root,
      dot: true,
      onlyFiles: false, // onlyFiles would drop symlinked files, which are sources
      objectMode: true,
      followSymbolicLinks: false,
      suppressErrors: true, // one unreadable directory must not end the walk; recordingReaddir reports it
      ignore: SKIPPED_DIR_GLOBS,
      fs: { readdir: recordingReaddir((dir, err) => this.fail(path.resolve(root, dir), describeFsError(err))) },
    });
    const symlinks: string[] = [];
    for (const e of entries) {
      const kind = sourceKind(e.dirent);
      if (kind === null) continue;
      const abs = path.join(root, e.path);
      if (this.excluder.isExcluded(abs, false, root)) continue;
      this.listed.add(path.dirname(abs));
      if (kind === 'file') this.add(abs);
      else symlinks.push(abs);
    }
    for (const abs of symlinks) if (await isNotDirectory(abs)) this.addChecked(abs, root);
  }

  /** Whether the directory's files were all named one by one, none listed. */
  onlyNamed(dir: string): boolean {
    return !this.listed.has(dir);
  }

  /** The other .go files of a directory whose files were named, as a listing of it would find them
   * (excludes and the symlink policy apply); none when it cannot be read. One readdir, no glob: a
   * pre-commit run names a few files and must start fast. */
  async siblings(named: PackageFiles): Promise<FileRef[]> {
    const { dir } = named;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return []; // each named file was read fine or reports its own error
    }
    const own = new Set(named.files.map((f) => f.absPath));
    const lintedRoot = isInside(dir, this.opts.cwd) ? this.opts.cwd : dir;
    const out: FileRef[] = [];
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const kind = sourceKind(e);
      if (kind === null || path.extname(e.name) !== '.go' || own.has(abs) || this.excluder.isExcluded(abs, false, dir)) continue;
      if (kind === 'symlink' && (!(await isNotDirectory(abs)) || !staysInside(abs, this.excluder.boundaryFor(dir, lintedRoot)))) continue;
      out.push({ absPath: abs, displayPath: this.display(abs) });
    }
    return out.sort((a, b) => compareStrings(a.absPath, b.absPath));
  }

  /** Adds a file unless it is a symlink whose target leaves its repository (or `lintedRoot` outside one). */
  private addChecked(absPath: string, lintedRoot: string): void {
    if (isSymlink(absPath) && !staysInside(absPath, this.excluder.boundaryFor(path.dirname(absPath), lintedRoot))) this.fail(absPath, OUTSIDE);
    else this.add(absPath);
  }

  private add(absPath: string): void {
    this.found.set(absPath, { absPath, displayPath: this.display(absPath) });
  }

  private fail(absPath: string, message: string): void {
    this.errors.push({ file: this.display(absPath), message });
  }

  private display(absPath: string): string {
    const rel = path.relative(this.opts.cwd, absPath) || '.';
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }

  packageDirs(): PackageFiles[] {
    const byDir = new Map<string, FileRef[]>();
    for (const ref of this.found.values()) {
      const dir = path.dirname(ref.absPath);
      const files = byDir.get(dir);
      if (files) files.push(ref);
      else byDir.set(dir, [ref]);
    }
    return [...byDir.keys()].sort(compareStrings).map((dir) => ({
      dir,
      files: (byDir.get(dir) ?? []).sort((a, b) => compareStrings(a.absPath, b.absPath)),
    }));
  }

  /** Sorted, and each error once: a path named twice fails twice. */
  sortedErrors(): FileError[] {
    const unique = new Map(this.errors.map((e) => [`${e.file}\0${e.message}`, e]));
    return [...unique.values()].sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.message, b.message));
  }
}

/** Like go/build: a file, or a symlink to anything but a directory (see isNotDirectory). Directories named
 * x.go, FIFOs and sockets are not sources. */
function sourceKind(dirent: fg.Entry['dirent']): 'file' | 'symlink' | null {
  if (isSkippedFileName(dirent.name)) return null;
  if (dirent.isFile()) return 'file';
  return dirent.isSymbolicLink() ? 'symlink' : null;
}

/** A symlink to a directory is not a source file. A dangling or looping one is, so that loading reports it. */
async function isNotDirectory(absPath: string): Promise<boolean> {
  try {
    return !(await fs.promises.stat(absPath)).isDirectory();
  } catch {
    return true;
  }
}

type Done<T> = (err: NodeJS.ErrnoException | null, result: T) => void;

/** fs.readdir for fast-glob that reports the directories it cannot read: with suppressErrors fast-glob
 * skips them silently. A directory that vanished mid-walk (ENOENT) is no error. */
function recordingReaddir(onError: (dir: string, err: NodeJS.ErrnoException) => void): fg.FileSystemAdapter['readdir'] {
  function readdir(dir: string, options: { withFileTypes: true }, done: Done<fs.Dirent[]>): void;
  function readdir(dir: string, done: Done<string[]>): void;
  function readdir(dir: string, optionsOrDone: { withFileTypes: true } | Done<string[]>, maybeDone?: Done<fs.Dirent[]>): void {
    const record = <T>(done: Done<T>): Done<T> => (err, result) => {
      if (err && err.code !== 'ENOENT') onError(dir, err);
      done(err, result);
    };
    if (typeof optionsOrDone === 'function') fs.readdir(dir, record(optionsOrDone));
    else if (maybeDone) fs.readdir(dir, optionsOrDone, record(maybeDone));
  }
  return readdir;
}
