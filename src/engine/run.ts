import path from 'node:path';
import { TextDecoder } from 'node:util';
import { allRules } from '../../rules/index.js';
import { chooseRules, ruleOptionSchema, type RuleChoice, type RuleFlags } from './active-rules.js';
import { ConfigResolver, readConfig, settingsOf } from './config.js';
import { isBinary } from '../walk/resource-policy.js';
import { sortErrors, sortFindings } from './order.js';
import { prestartWorker, runTasks, type OnProgress } from './pool.js';
import type { LintTask } from './task.js';
import type { FileError, Finding, RuleMeta } from '../types.js';
import { scanHeader } from '../walk/generated.js';
import { isPathExcluded, walk, type FileRef } from '../walk/walk.js';

export interface StdinInput {
  /** Read within MAX_SOURCE_BYTES; empty when `error` says why it could not be read. */
  bytes: Buffer;
  error?: string;
  /** --stdin-filename, or undefined for `<stdin>`. */
  filename: string | undefined;
}

export interface RunOptions {
  cwd: string;
  patterns: string[];
  stdin?: StdinInput;
  configFile?: string;
  flags: RuleFlags;
  includeGenerated: boolean;
  jobs: number;
  onProgress?: OnProgress;
}

export interface RunResult {
  findings: Finding[];
  errors: FileError[];
  /** The rules that ran somewhere in this run, in id order. */
  rules: RuleMeta[];
  files: number;
  bytes: number;
  lines: number;
  /** The .go files the walk found for the patterns (before generated files are dropped). */
  listed: number;
  /** Named files and directories an exclude skipped. */
  excluded: string[];
}

/** Walks, lints and merges. Throws ConfigError for a bad config (the CLI exits 2). */
export async function run(opts: RunOptions): Promise<RunResult> {
  prestartWorker();
  const explicit = opts.configFile ? readConfig(path.resolve(opts.cwd, opts.configFile), ruleOptionSchema) : undefined;
  const configs = new ConfigResolver(ruleOptionSchema, explicit);
  const result: RunResult = { findings: [], errors: [], rules: [], files: 0, bytes: 0, lines: 0, listed: 0, excluded: [] };
  const ran = new Set<string>();
  const tasks: LintTask[] = [];
  if (opts.stdin) {
    const task = await stdinTask(opts, opts.stdin, configs, result, ran);
    if (task) tasks.push(task);
  }
  if (opts.patterns.length > 0) {
    const walked = await walk(opts.patterns, { cwd: opts.cwd, isExcluded: configs.isExcluded, includeGenerated: opts.includeGenerated });
    result.errors.push(...walked.errors);
    result.excluded = walked.excluded;
    for (const dir of walked.dirs) {
      const rules = chooseRules(configs.forDir(dir.dir), opts.flags);
      for (const r of rules) ran.add(r.id);
      result.listed += dir.files.length;
      tasks.push({ dir, rules, includeGenerated: opts.includeGenerated, settings: settingsOf(configs.forDir(dir.dir)) });
    }
  }
  for (const r of await runTasks(tasks, opts.jobs, opts.onProgress)) {
    result.findings.push(...r.findings);
    result.errors.push(...r.errors);
    result.files += r.files;
    result.bytes += r.bytes;
    result.lines += r.lines;
  }
  result.rules = allRules.map((r) => r.meta).filter((m) => ran.has(m.id));
  result.findings = sortFindings(result.findings);
  result.errors = sortErrors(result.errors);
  return result;
}

/**
 * The stdin buffer as a task for a worker, or undefined when it is excluded, generated or binary. With a
 * --stdin-filename the buffer stands in for that file among its directory's files on disk, so the
 * package phase sees the whole package (a map declared in the buffer may be cleared in a sibling file)
 * and only the buffer's findings are reported.
 */
async function stdinTask(opts: RunOptions, stdin: StdinInput, configs: ConfigResolver, out: RunResult, ran: Set<string>): Promise<LintTask | undefined> {
  const display = stdin.filename ?? '<stdin>';
  if (stdin.error !== undefined || isBinary(stdin.bytes)) {
    out.errors.push({ file: display, message: stdin.error ?? 'binary file, not Go source' });
    return undefined;
  }
  const text = decoder.decode(stdin.bytes);
  const abs = path.resolve(opts.cwd, stdin.filename ?? 'stdin.go');
  const config = configs.forDir(path.dirname(abs));
  // Editors pass the buffer's real path: the excludes that apply to it on disk apply to the buffer too.
  if (stdin.filename && isPathExcluded(abs, text, { cwd: opts.cwd, isExcluded: configs.isExcluded, includeGenerated: opts.includeGenerated })) return undefined;
  if (!stdin.filename && !opts.includeGenerated && scanHeader(text).generated) return undefined;
  const rules: RuleChoice[] = chooseRules(config, opts.flags);
  for (const r of rules) ran.add(r.id);
  // The path is shown exactly as the editor gave it: editors match diagnostics to buffers by path.
  const dir = { dir: path.dirname(abs), files: [], context: stdin.filename ? await siblings(abs, opts, configs) : [] };
  return { dir, rules, includeGenerated: opts.includeGenerated, settings: settingsOf(config), stdin: { text, displayPath: display, cwd: opts.cwd } };
}

/** The other .go files of the buffer's directory, as a walk of that directory lists them (excludes,
 * symlink and size policy included); none when it cannot be listed. */
async function siblings(abs: string, opts: RunOptions, configs: ConfigResolver): Promise<FileRef[]> {
  const dir = path.dirname(abs);
  const walked = await walk([dir], { cwd: opts.cwd, isExcluded: configs.isExcluded, includeGenerated: opts.includeGenerated });
  return walked.dirs.find((d) => d.dir === dir)?.files.filter((f) => f.absPath !== abs) ?? [];
}

/** As for files on disk (src/load.ts): invalid UTF-8 becomes U+FFFD, a BOM is kept. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
