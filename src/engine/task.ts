import { toActive, type RuleChoice } from './active-rules.js';
import { lintPackage, type ActiveRule } from './lint-package.js';
import type { FileError, Finding } from '../types.js';
import type { PackageSettings } from '../analysis/source.js';
import fs from 'node:fs';
import { loadPackages, loadStdin, type LoadedPackage } from '../walk/load.js';
import type { PackageFiles } from '../walk/types.js';
import { ModuleFinder } from '../walk/go-mod.js';
import { compareStrings } from './order.js';

/** One directory's worth of work: what the main thread hands to itself or to a worker. */
export interface LintTask {
  dir: PackageFiles;
  rules: RuleChoice[];
  includeGenerated: boolean;
  /** The config's program settings for this directory (test-support directories, place policy). */
  settings?: PackageSettings;
  /** The buffer read from standard input. It joins the package of the same clause among `dir`'s context
   * files (its siblings on disk) and only its own findings are kept. */
  stdin?: { text: string; displayPath: string; cwd: string };
}

/** Told the path of each file as its parse and its rules begin. */
export type OnFile = (path: string) => void;

/** The files a task reads: those it reports on, their context and the buffer. */
export function taskFiles(task: LintTask): number {
  return task.dir.files.length + (task.dir.context?.length ?? 0) + (task.stdin ? 1 : 0);
}

/** The bytes a task will read, as far as stat knows (reading counts them properly). */
export function taskSize(task: LintTask): number {
  let bytes = task.stdin?.text.length ?? 0;
  for (const f of [...task.dir.files, ...(task.dir.context ?? [])]) {
    try {
      bytes += fs.statSync(f.absPath).size;
    } catch {
      // Reading it will report the problem.
    }
  }
  return bytes;
}

export interface TaskResult {
  findings: Finding[];
  errors: FileError[];
  files: number;
  bytes: number;
  lines: number;
}

/** Reads a directory's files, splits them into Go packages and lints each package. Context files (the
 * unnamed siblings of named files) are read and linted with their package, never reported. */
export async function runTask(task: LintTask, onFile?: OnFile): Promise<TaskResult> {
  // A finder per task: a directory costs a few stats up to its go.mod, and nothing goes stale.
  const modules = new ModuleFinder();
  if (task.stdin) return runStdin(task, task.stdin, modules, onFile);
  const context = task.dir.context ?? [];
  const all = context.length === 0 ? task.dir : { dir: task.dir.dir, files: [...task.dir.files, ...context].sort((a, b) => compareStrings(a.absPath, b.absPath)) };
  const loaded = await loadPackages(all, { includeGenerated: task.includeGenerated, modules });
  const reported = context.length === 0 ? undefined : new Set(task.dir.files.map((f) => f.displayPath));
  const mine = (path: string) => reported === undefined || reported.has(path);
  const result: TaskResult = { findings: [], errors: loaded.errors.filter((e) => mine(e.file)), files: 0, bytes: 0, lines: 0 };
  const active = toActive(task.rules);
  for (const pkg of loaded.packages) {
    if (pkg.files.some((f) => mine(f.ref.displayPath))) await lintLoaded(pkg, active, result, { onFile, settings: task.settings, reported });
  }
  return result;
}

/** The buffer in its package: its siblings of the same package clause join it, read from disk; what is
 * wrong with them (unreadable, say) is not the buffer's concern and is left out, as are their findings. */
async function runStdin(task: LintTask, stdin: NonNullable<LintTask['stdin']>, modules: ModuleFinder, onFile?: OnFile): Promise<TaskResult> {
  const buffer = loadStdin(stdin.text, stdin.displayPath, stdin.cwd, modules);
  const own = buffer.files[0]!;
  const context = task.dir.context ?? [];
  const loaded = context.length > 0 ? await loadPackages({ dir: task.dir.dir, files: context }, { includeGenerated: task.includeGenerated }) : undefined;
  const siblings = loaded?.packages.find((p) => p.name === buffer.name)?.files ?? [];
  const pkg: LoadedPackage = { ...buffer, files: [...siblings, own] };
  const result: TaskResult = { findings: [], errors: [], files: 0, bytes: 0, lines: 0 };
  await lintLoaded(pkg, toActive(task.rules), result, { onFile, settings: task.settings, reported: new Set([own.ref.displayPath]) });
  return result;
}

export interface LintLoadedOptions {
  onFile?: OnFile | undefined;
  settings?: PackageSettings | undefined;
  /** The display paths to report on (the others are context); every file when undefined. */
  reported?: ReadonlySet<string> | undefined;
}

/** Lints one loaded package (a directory's, or the stdin buffer's) and adds its results, and the sizes of
 * the files it reports on, to `into`. Internal errors are kept wherever they happen: they are our bugs. */
export async function lintLoaded(pkg: LoadedPackage, active: readonly ActiveRule[], into: TaskResult, opts: LintLoadedOptions = {}): Promise<void> {
  const { reported } = opts;
  const files = pkg.files.map((f) => ({ path: f.ref.displayPath, text: f.text, isTest: f.isTest, packageName: f.packageName }));
  for (const f of files) {
    if (reported && !reported.has(f.path)) continue;
    into.files++;
    into.bytes += Buffer.byteLength(f.text);
    into.lines += countLines(f.text);
  }
  const out = await lintPackage({ dir: pkg.dir, name: pkg.name, files, module: pkg.module, settings: opts.settings, reported }, active, opts.onFile);
  into.findings.push(...out.findings);
  into.errors.push(...out.errors.filter((e) => e.internal || !reported || reported.has(e.file)));
}

function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
