import { createRequire } from 'node:module';
import path from 'node:path';
import { allRules, findRule } from '../../rules/index.js';
import { HELP, parseCli, UsageError, type CliArgs } from './args.js';
import { ConfigError } from '../engine/config.js';
import { describeFsError } from '../walk/fs-errors.js';
import { oneLine, quoteName } from '../format/escape.js';
import { capJobs, InputError, MAX_SOURCE_BYTES, tooLarge } from '../walk/resource-policy.js';
import { run, type RunResult, type StdinInput } from '../engine/run.js';
import type { RuleMeta } from '../types.js';
import { writeAtomic } from './write-atomic.js';

/**
 * The command line as a function: arguments and an I/O context in, an exit status out. It never reads
 * process.argv, process.env or the working directory and never exits, so tests run it in-process; the
 * bin (cli.ts) supplies the real streams. Exit codes: 0 no findings (notes alone never fail a run), 1
 * findings at warning or error level, 2 usage, config or input error, 3 internal error or a failed
 * write. A normal run writes nothing to stderr: editor integrations drop every result when a linter
 * exits non-zero with output on stderr.
 */

/** A stream to write text to. `done` must be called once the text is written (with the error if not). */
export interface TextSink {
  write(text: string, done?: (err?: Error | null) => void): unknown;
}

export interface CliIo {
  cwd: string;
  /** Standard input, or a reader for it (called only when `-` or --stdin-filename asks for it). A
   * reader may throw: an InputError (over the size limit) or a file system error. */
  stdin?: Buffer | (() => Buffer);
  stdout: TextSink;
  stderr: TextSink;
  env?: Record<string, string | undefined>;
  /** Whether stdout is a terminal (text colour and the summary line by default). */
  isTTY?: boolean;
}

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string; homepage: string };
export const TOOL = { name: 'gohazard', version: pkg.version, informationUri: pkg.homepage };

export function helpUri(ruleId: string): string {
  return `${pkg.homepage}/blob/main/docs/rules/${ruleId}.md`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    io.stderr.write(`gohazard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 3;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`gohazard: ${err.message}\n${HELP}`);
    return 2;
  }
  switch (args.command) {
    case 'help':
      return print(io, HELP);
    case 'version':
      return print(io, `gohazard ${TOOL.version}\n`);
    case 'list-rules':
      return print(io, listRules(allRules.map((r) => r.meta)));
    case 'explain': {
      const { ruleHelpMarkdown } = await import('../format/index.js');
      return print(io, `${ruleHelpMarkdown(findRule(args.rule!)!.meta)}\nOnline: ${helpUri(args.rule!)}\n`);
    }
    case 'lint':
      return lint(args, io);
  }
}

async function lint(args: CliArgs, io: CliIo): Promise<number> {
  const { cwd } = io;
  let result: RunResult;
  try {
    result = await run({
      cwd,
      patterns: args.patterns,
      stdin: args.readStdin ? readStdin(io.stdin, args.stdinFilename) : undefined,
      configFile: args.config,
      flags: { enable: args.enable, disable: args.disable },
      includeGenerated: args.includeGenerated,
      jobs: capJobs(args.jobs),
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`gohazard: ${oneLine(err.message)}\n`);
    return 2;
  }
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
    cwd,
    color: args.format === 'text' && args.output === undefined && useColor(args.color, io),
    summary: args.format === 'text' && toTerminal,
    helpUri,
    ruleHelpMarkdown,
  });
  if (!(await writeReport(io, args.output, text))) return 3;
  for (const e of result.errors) io.stderr.write(`${quoteName(e.file)}: ${e.internal ? 'internal error' : 'error'}: ${oneLine(e.message)}\n`);
  if (result.errors.some((e) => e.internal)) return 3;
  if (result.errors.length > 0) return 2;
  return result.findings.some(failsRun) ? 1 : 0;
}

/** A note is information (a region the rules could not check, say): it is shown but never fails a run. */
function failsRun(f: { level: string }): boolean {
  return f.level !== 'note';
}

function write(sink: TextSink, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** Help, version, rule list or rule page: a closed pipe is no failure, any other write error exit 3. */
async function print(io: CliIo, text: string): Promise<number> {
  try {
    await write(io.stdout, text);
    return 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    io.stderr.write(`gohazard: cannot write to standard output: ${describeFsError(err)}\n`);
    return 3;
  }
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

function listRules(metas: RuleMeta[]): string {
  const width = Math.max(...metas.map((m) => m.id.length));
  return metas.map((m) => `${m.id.padEnd(width)}  ${m.defaultLevel.padEnd(7)}  ${m.summary}\n`).join('');
}
