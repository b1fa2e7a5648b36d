#!/usr/bin/env node
import { createRequire } from 'node:module';
import path from 'node:path';
import { allRules, findRule } from '../../rules/index.js';
import { HELP, parseCli, UsageError, type CliArgs } from './args.js';
import { ConfigError } from '../engine/config.js';
import { describeFsError } from '../walk/fs-errors.js';
import { oneLine, quoteName } from '../format/escape.js';
import { capJobs, InputError, MAX_SOURCE_BYTES, readFd } from '../walk/resource-policy.js';
import { run, type RunResult, type StdinInput } from '../engine/run.js';
import { writeStdout } from './stdout.js';
import type { RuleMeta } from '../types.js';
import { writeAtomic } from './write-atomic.js';

/**
 * The only module that reads argv, prints, or exits. Exit codes: 0 no findings (notes alone never
 * fail a run), 1 findings at warning or error level, 2 usage, config or input error, 3 internal error. A normal run writes nothing to stderr: editor
 * integrations drop every result when a linter exits non-zero with output on stderr.
 */

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string; homepage: string };
export const TOOL = { name: 'gohazard', version: pkg.version, informationUri: pkg.homepage };

export function helpUri(ruleId: string): string {
  return `${pkg.homepage}/blob/main/docs/rules/${ruleId}.md`;
}

async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`gohazard: ${err.message}\n${HELP}`);
    return 2;
  }
  switch (args.command) {
    case 'help':
      process.stdout.write(HELP);
      return 0;
    case 'version':
      process.stdout.write(`gohazard ${TOOL.version}\n`);
      return 0;
    case 'list-rules':
      process.stdout.write(listRules(allRules.map((r) => r.meta)));
      return 0;
    case 'explain':
      return explain(args.rule!);
    case 'lint':
      return lint(args);
  }
}

async function lint(args: CliArgs): Promise<number> {
  const cwd = process.cwd();
  let result: RunResult;
  try {
    result = await run({
      cwd,
      patterns: args.patterns,
      stdin: args.readStdin ? readStdin(args.stdinFilename) : undefined,
      configFile: args.config,
      flags: { enable: args.enable, disable: args.disable },
      includeGenerated: args.includeGenerated,
      jobs: capJobs(args.jobs),
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`gohazard: ${oneLine(err.message)}\n`);
    return 2;
  }
  const toTerminal = args.output === undefined && process.stdout.isTTY === true;
  const { formatOutput, ruleHelpMarkdown, SARIF_MAX_RESULTS } = await import('../format/index.js');
  if (args.format === 'sarif' && result.findings.length > SARIF_MAX_RESULTS) {
    process.stderr.write(`gohazard: ${result.findings.length} findings; GitHub accepts ${SARIF_MAX_RESULTS} per run, so the lowest levels were left out of the SARIF\n`);
  }
  const text = formatOutput(args.format, {
    findings: result.findings,
    errors: result.errors,
    rules: result.rules,
    tool: TOOL,
    cwd,
    color: args.format === 'text' && args.output === undefined && useColor(args.color),
    summary: args.format === 'text' && toTerminal,
    helpUri,
    ruleHelpMarkdown,
  });
  if (!(await writeReport(args.output, cwd, text))) return 3;
  for (const e of result.errors) process.stderr.write(`${quoteName(e.file)}: ${e.internal ? 'internal error' : 'error'}: ${oneLine(e.message)}\n`);
  if (result.errors.some((e) => e.internal)) return 3;
  if (result.errors.length > 0) return 2;
  return result.findings.some(failsRun) ? 1 : 0;
}

/** A note is information (a region the rules could not check, say): it is shown but never fails a run. */
function failsRun(f: { level: string }): boolean {
  return f.level !== 'note';
}

/** Writes the report to stdout or, atomically, to --output; on failure says so in one line (exit 3). A
 * closed pipe (`| head`) is the reader's choice and no failure. */
let reportFailed = false;

async function writeReport(output: string | undefined, cwd: string, text: string): Promise<boolean> {
  try {
    if (output === undefined) await writeStdout(text);
    else writeAtomic(path.resolve(cwd, output), text);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return true;
    reportFailed = true;
    const where = output === undefined ? 'standard output' : quoteName(output);
    process.stderr.write(`gohazard: cannot write the report to ${where}: ${describeFsError(err)}\n`);
    return false;
  }
}

/** Standard input within the source size limit: /dev/zero on stdin must end in an error, not in swap. */
function readStdin(filename: string | undefined): StdinInput {
  try {
    return { bytes: readFd(0, MAX_SOURCE_BYTES), filename };
  } catch (err) {
    return { bytes: Buffer.alloc(0), filename, error: err instanceof InputError ? err.message : describeFsError(err) };
  }
}

/** --color/--no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a real terminal. */
function useColor(flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return process.stdout.isTTY === true && process.env.TERM !== 'dumb';
}

function listRules(metas: RuleMeta[]): string {
  const width = Math.max(...metas.map((m) => m.id.length));
  return metas.map((m) => `${m.id.padEnd(width)}  ${m.defaultLevel.padEnd(7)}  ${m.summary}\n`).join('');
}

async function explain(id: string): Promise<number> {
  const rule = findRule(id)!;
  const { ruleHelpMarkdown } = await import('../format/index.js');
  process.stdout.write(`${ruleHelpMarkdown(rule.meta)}\nOnline: ${helpUri(id)}\n`);
  return 0;
}

// `gohazard ./... | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  if (reportFailed) process.exit(3);
  // Any other error reaches writeReport's callback, which reports it; help and version output have no
  // report to lose, so they end with exit 3 here.
  process.stderr.write(`gohazard: cannot write to standard output: ${describeFsError(err)}\n`);
  process.exit(3);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`gohazard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
