import { toActive, type RuleChoice } from './active-rules.js';
import { lintPackage, type ActiveRule } from './lint-package.js';
import type { FileError, Finding } from '../types.js';
import type { PackageSettings } from '../analysis/source.js';
import fs from 'node:fs';
import { loadPackages, loadStdin, type LoadedPackage } from '../walk/load.js';
import type { PackageFiles } from '../walk/types.js';
import { ModuleFinder } from '../walk/go-mod.js';

/** One directory's worth of work: what the main thread hands to itself or to a worker. */
export interface LintTask {
  dir: PackageFiles;
  rules: RuleChoice[];
  includeGenerated: boolean;
  /** The config's program settings for this directory (test-support directories, place policy). */
  settings?: PackageSettings;
  /** The buffer read from standard input. It joins the package of the same clause among `dir`'s files
   * (its siblings on disk) and only its own findings are kept. */
  stdin?: { text: string; displayPath: string; cwd: string };
}

/** Told the path of each file as its parse and its rules begin. */
export type OnFile = (path: string) => void;

export function taskFiles(task: LintTask): number {
  return task.dir.files.length + (task.stdin ? 1 : 0);
}

/** The bytes a task will read, as far as stat knows (reading counts them properly). */
export function taskSize(task: LintTask): number {
  let bytes = task.stdin?.text.length ?? 0;
  for (const f of task.dir.files) {
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

/** Reads a directory's files, splits them into Go packages and lints each package. */
export async function runTask(task: LintTask, onFile?: OnFile): Promise<TaskResult> {
  // A finder per task: a directory costs a few stats up to its go.mod, and nothing goes stale.
  const modules = new ModuleFinder();
  if (task.stdin) return runStdin(task, task.stdin, modules, onFile);
  const loaded = await loadPackages(task.dir, { includeGenerated: task.includeGenerated, modules });
  const result: TaskResult = { findings: [], errors: [...loaded.errors], files: 0, bytes: 0, lines: 0 };
  const active = toActive(task.rules);
  for (const pkg of loaded.packages) await lintLoaded(pkg, active, result, onFile, task.settings);
  return result;
}

/** The buffer in its package: its siblings of the same package clause join it, read from disk; what is
 * wrong with them (unreadable, say) is not the buffer's concern and is left out, as are their findings. */
async function runStdin(task: LintTask, stdin: NonNullable<LintTask['stdin']>, modules: ModuleFinder, onFile?: OnFile): Promise<TaskResult> {
  const buffer = loadStdin(stdin.text, stdin.displayPath, stdin.cwd, modules);
  const own = buffer.files[0]!;
  const loaded = task.dir.files.length > 0 ? await loadPackages(task.dir, { includeGenerated: task.includeGenerated }) : undefined;
  const siblings = loaded?.packages.find((p) => p.name === buffer.name)?.files ?? [];
  const pkg: LoadedPackage = { ...buffer, files: [...siblings, own] };
  const all: TaskResult = { findings: [], errors: [], files: 0, bytes: 0, lines: 0 };
  await lintLoaded(pkg, toActive(task.rules), all, onFile, task.settings);
  const mine = (path: string) => path === own.ref.displayPath;
  return {
    findings: all.findings.filter((f) => mine(f.file)),
    errors: all.errors.filter((e) => e.internal || mine(e.file)),
    files: 1,
    bytes: Buffer.byteLength(own.text),
    lines: countLines(own.text),
  };
}

/** Lints one loaded package (a directory's, or the stdin buffer) and adds its results and sizes to `into`. */
export async function lintLoaded(pkg: LoadedPackage, active: readonly ActiveRule[], into: TaskResult, onFile?: OnFile, settings?: PackageSettings): Promise<void> {
  const files = pkg.files.map((f) => ({ path: f.ref.displayPath, text: f.text, isTest: f.isTest, packageName: f.packageName }));
  into.files += files.length;
  for (const f of files) {
    into.bytes += Buffer.byteLength(f.text);
    into.lines += countLines(f.text);
  }
  const out = await lintPackage({ dir: pkg.dir, name: pkg.name, files, module: pkg.module, settings }, active, onFile);
  into.findings.push(...out.findings);
  into.errors.push(...out.errors);
}

function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
