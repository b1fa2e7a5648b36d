import path from 'node:path';
import { preferQuickStart } from '../grammars/go.js';
import { allRules } from '../rules/index.js';
import { chooseRules, ruleOptionSchema, toActive, type RuleChoice, type RuleFlags } from './active-rules.js';
import { ConfigResolver, readConfig } from './config.js';
import { MAX_SOURCE_BYTES, tooLarge } from './load.js';
import { sortErrors, sortFindings } from './order.js';
import { runTasks } from './pool.js';
import { lintLoaded, type LintTask } from './task.js';
import type { FileError, Finding, RuleMeta } from './types.js';
import { scanHeader } from './generated.js';
import { isPathExcluded, loadStdin, walk } from './walk.js';

/** A buffer this small parses faster than V8 can optimise the grammar: see preferQuickStart. */
const QUICK_START_CHARS = 1 << 20;

export interface StdinInput {
  text: string;
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
}

export interface RunResult {
  findings: Finding[];
  errors: FileError[];
  /** The rules that ran somewhere in this run, in id order. */
  rules: RuleMeta[];
  files: number;
  bytes: number;
  lines: number;
}

/** Walks, lints and merges. Throws ConfigError for a bad config (the CLI exits 2). */
export async function run(opts: RunOptions): Promise<RunResult> {
  const explicit = opts.configFile ? readConfig(path.resolve(opts.cwd, opts.configFile), ruleOptionSchema) : undefined;
  const configs = new ConfigResolver(ruleOptionSchema, explicit);
  const result: RunResult = { findings: [], errors: [], rules: [], files: 0, bytes: 0, lines: 0 };
  const ran = new Set<string>();
  if (opts.stdin) await lintStdin(opts, opts.stdin, configs, result, ran);
  if (opts.patterns.length > 0) {
    const walked = await walk(opts.patterns, { cwd: opts.cwd, isExcluded: configs.isExcluded, includeGenerated: opts.includeGenerated });
    result.errors.push(...walked.errors);
    const tasks: LintTask[] = walked.dirs.map((dir) => {
      const rules = chooseRules(configs.forDir(dir.dir), opts.flags);
      for (const r of rules) ran.add(r.id);
      return { dir, rules, includeGenerated: opts.includeGenerated };
    });
    for (const r of await runTasks(tasks, opts.jobs)) {
      result.findings.push(...r.findings);
      result.errors.push(...r.errors);
      result.files += r.files;
      result.bytes += r.bytes;
      result.lines += r.lines;
    }
  }
  result.rules = allRules.map((r) => r.meta).filter((m) => ran.has(m.id));
  result.findings = sortFindings(result.findings);
  result.errors = sortErrors(result.errors);
  return result;
}

async function lintStdin(opts: RunOptions, stdin: StdinInput, configs: ConfigResolver, out: RunResult, ran: Set<string>): Promise<void> {
  const display = stdin.filename ?? '<stdin>';
  const abs = path.resolve(opts.cwd, stdin.filename ?? 'stdin.go');
  const config = configs.forDir(path.dirname(abs));
  // Editors pass the buffer's real path: the excludes that apply to it on disk apply to the buffer too.
  if (stdin.filename && isPathExcluded(abs, stdin.text, { cwd: opts.cwd, isExcluded: configs.isExcluded, includeGenerated: opts.includeGenerated })) return;
  if (!stdin.filename && !opts.includeGenerated && scanHeader(stdin.text).generated) return;
  if (opts.patterns.length === 0 && stdin.text.length < QUICK_START_CHARS) preferQuickStart();
  const size = Buffer.byteLength(stdin.text);
  if (size > MAX_SOURCE_BYTES) {
    out.errors.push({ file: display, message: tooLarge(size) });
    return;
  }
  const rules: RuleChoice[] = chooseRules(config, opts.flags);
  for (const r of rules) ran.add(r.id);
  // The path is shown exactly as the editor gave it: editors match diagnostics to buffers by path.
  await lintLoaded(loadStdin(stdin.text, display, opts.cwd), toActive(rules), out);
}
