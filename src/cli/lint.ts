import path from 'node:path';
import fs from 'node:fs';
import type { CliArgs } from './args.js';
import { ConfigError } from '../engine/config.js';
import { BaselineError, baselineText, newFindings, parseBaseline } from '../engine/baseline.js';
import { describeFsError } from '../walk/fs-errors.js';
import { oneLine, quoteName } from '../format/escape.js';
import { capJobs, InputError, MAX_SOURCE_BYTES, readBounded, tooLarge } from '../walk/resource-policy.js';
import { run, type RunResult, type StdinInput } from '../engine/run.js';
import type { Finding, Level } from '../types.js';
import { changedLines, GitError, isChanged } from './changed-lines.js';
import { helpUri, TOOL, write, type CliIo } from './io.js';
import { writeAtomic } from './write-atomic.js';
import { progressLine } from './progress.js';

/**
 * A lint run from the command line: run, then the filters that decide what is new (--new-from-rev,
 * --baseline), the report, and the exit status (--fail-level, --exit-zero). Returns the exit status.
 */
export async function lint(args: CliArgs, io: CliIo): Promise<number> {
  const { cwd } = io;
  let result: RunResult;
  const progress = progressLine(io);
  try {
    result = await run({
      cwd,
      patterns: args.patterns,
      stdin: args.readStdin ? readStdin(io.stdin, args.stdinFilename) : undefined,
      configFile: args.config,
      flags: { enable: args.enable, disable: args.disable },
      includeGenerated: args.includeGenerated,
      jobs: capJobs(args.jobs),
      onProgress: progress && ((done, total) => progress.update(done, total)),
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return fail(io, err.message);
  } finally {
    progress?.end();
  }
  if (args.verbose || io.isTTY === true) for (const file of result.excluded) io.stderr.write(`gohazard: ${quoteName(file)}: excluded (default excludes, .gitignore or the config's exclude), not linted\n`);
  if (!args.readStdin && result.listed === 0 && result.excluded.length === 0 && result.errors.length === 0) {
    return fail(io, `no Go files to lint in ${args.patterns.map(quoteName).join(' ')}`);
  }
  let findings = result.findings;
  if (args.writeBaseline !== undefined) {
    const target = path.resolve(cwd, args.writeBaseline);
    try {
      writeAtomic(target, baselineText(findings, cwd, target));
    } catch (err) {
      io.stderr.write(`gohazard: cannot write the baseline to ${quoteName(args.writeBaseline)}: ${describeFsError(err)}\n`);
      return 3;
    }
  }
  try {
    if (args.newFromRev !== undefined) {
      const changed = changedLines(cwd, args.newFromRev);
      findings = findings.filter((f) => isChanged(changed, cwd, f.file, f.start.line));
    }
    if (args.baseline !== undefined) findings = filterBaseline(findings, cwd, args.baseline);
  } catch (err) {
    if (err instanceof GitError || err instanceof BaselineError) return fail(io, err.message);
    throw err;
  }
  if (!(await report(args, io, { ...result, findings }))) return 3;
  for (const e of result.errors) io.stderr.write(`${quoteName(e.file)}: ${e.internal ? 'internal error' : 'error'}: ${oneLine(e.message)}\n`);
  if (result.errors.some((e) => e.internal)) return 3;
  if (result.errors.length > 0) return 2;
  if (args.exitZero || args.writeBaseline !== undefined) return 0;
  return findings.some((f) => RANK[f.level] >= RANK[args.failLevel]) ? 1 : 0;
}

const RANK: Record<Level, number> = { note: 0, warning: 1, error: 2 };

function fail(io: CliIo, message: string): number {
  io.stderr.write(`gohazard: ${oneLine(message)}\n`);
  return 2;
}

function filterBaseline(findings: Finding[], cwd: string, file: string): Finding[] {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    if (!fs.statSync(abs).isFile()) throw new BaselineError(`baseline ${quoteName(file)}: not a regular file`);
    text = readBounded(abs, MAX_SOURCE_BYTES).toString('utf8');
  } catch (err) {
    if (err instanceof BaselineError) throw err;
    throw new BaselineError(`cannot read the baseline ${quoteName(file)}: ${err instanceof InputError ? err.message : describeFsError(err)}`);
  }
  try {
    return newFindings(findings, parseBaseline(text), cwd, abs);
  } catch (err) {
    if (err instanceof BaselineError) throw new BaselineError(`baseline ${quoteName(file)}: ${err.message}`);
    throw err;
  }
}

/** Formats and writes the report; false (said on stderr) when it could not be written. */
async function report(args: CliArgs, io: CliIo, result: RunResult): Promise<boolean> {
  const toTerminal = args.output === undefined && io.isTTY === true;
  const { formatOutput, ruleHelpMarkdown, SARIF_MAX_RESULTS } = await import('../format/index.js');
  if (args.format === 'sarif' && result.findings.length > SARIF_MAX_RESULTS) {
    io.stderr.write(`gohazard: ${result.findings.length} findings; GitHub accepts ${SARIF_MAX_RESULTS} per run, so the lowest levels were left out of the SARIF\n`);
  }
  const text = formatOutput(args.format, {
    findings: result.findings,
    errors: result.errors,
    rules: result.rules,
    tool: TOOL,
    cwd: io.cwd,
    color: args.format === 'text' && args.output === undefined && useColor(args.color, io),
    summary: args.format === 'text' && toTerminal,
    helpUri,
    ruleHelpMarkdown,
  });
  return writeReport(io, args.output, text);
}

/** Writes the report to stdout or, atomically, to --output; on failure says so in one line (exit 3). A
 * closed pipe (`| head`) is the reader's choice and no failure. */
async function writeReport(io: CliIo, output: string | undefined, text: string): Promise<boolean> {
  try {
    if (output === undefined) await write(io.stdout, text);
    else writeAtomic(path.resolve(io.cwd, output), text);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return true;
    const where = output === undefined ? 'standard output' : quoteName(output);
    io.stderr.write(`gohazard: cannot write the report to ${where}: ${describeFsError(err)}\n`);
    return false;
  }
}

/** Standard input within the source size limit: /dev/zero on stdin must end in an error, not in swap. */
function readStdin(stdin: CliIo['stdin'], filename: string | undefined): StdinInput {
  try {
    const bytes = typeof stdin === 'function' ? stdin() : (stdin ?? Buffer.alloc(0));
    if (bytes.length > MAX_SOURCE_BYTES) throw new InputError(tooLarge(MAX_SOURCE_BYTES));
    return { bytes, filename };
  } catch (err) {
    return { bytes: Buffer.alloc(0), filename, error: err instanceof InputError ? err.message : describeFsError(err) };
  }
}

/** --color/--no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a real terminal. */
function useColor(flag: boolean | undefined, io: CliIo): boolean {
  if (flag !== undefined) return flag;
  const env = io.env ?? {};
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.isTTY === true && env.TERM !== 'dumb';
}
