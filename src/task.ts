import { toActive, type RuleChoice } from './active-rules.js';
import { lintPackage, type ActiveRule } from './engine.js';
import type { FileError, Finding } from './types.js';
import { loadPackages, type LoadedPackage } from './load.js';
import type { PackageFiles } from './walk.js';

/** One directory's worth of work: what the main thread hands to itself or to a worker. */
export interface LintTask {
  dir: PackageFiles;
  rules: RuleChoice[];
  includeGenerated: boolean;
}

export interface TaskResult {
  findings: Finding[];
  errors: FileError[];
  files: number;
  bytes: number;
  lines: number;
}

/** Reads a directory's files, splits them into Go packages and lints each package. */
export async function runTask(task: LintTask): Promise<TaskResult> {
  const loaded = await loadPackages(task.dir, { includeGenerated: task.includeGenerated });
  const result: TaskResult = { findings: [], errors: [...loaded.errors], files: 0, bytes: 0, lines: 0 };
  const active = toActive(task.rules);
  for (const pkg of loaded.packages) await lintLoaded(pkg, active, result);
  return result;
}

/** Lints one loaded package (a directory's, or the stdin buffer) and adds its results and sizes to `into`. */
export async function lintLoaded(pkg: LoadedPackage, active: readonly ActiveRule[], into: TaskResult): Promise<void> {
  const files = pkg.files.map((f) => ({ path: f.ref.displayPath, text: f.text, isTest: f.isTest, packageName: f.packageName }));
  into.files += files.length;
  for (const f of files) {
    into.bytes += Buffer.byteLength(f.text);
    into.lines += countLines(f.text);
  }
  const out = await lintPackage({ dir: pkg.dir, name: pkg.name, files }, active);
  into.findings.push(...out.findings);
  into.errors.push(...out.errors);
}

function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
