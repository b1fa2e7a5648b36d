import { allRules, findRule } from '../../rules/index.js';
import { HELP, parseCli, UsageError, type CliArgs } from './args.js';
import { describeFsError } from '../walk/fs-errors.js';
import type { RuleMeta } from '../types.js';
import { helpUri, TOOL, write, type CliIo } from './io.js';
import { lint } from './lint.js';

/**
 * The command line as a function: arguments and an I/O context in, an exit status out. It never reads
 * process.argv, process.env or the working directory and never exits, so tests run it in-process; the
 * bin (cli.ts) supplies the real streams. Exit codes: 0 no findings (notes alone never fail a run), 1
 * findings at --fail-level or above, 2 usage, config or input error, 3 internal error or a failed
 * write. A normal run writes nothing to stderr: editor integrations drop every result when a linter
 * exits non-zero with output on stderr.
 */

export { helpUri, TOOL, type CliIo, type TextSink } from './io.js';

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
    io.stderr.write(`gohazard: ${err.message}\nrun gohazard --help for the flags\n`);
    return 2;
  }
  switch (args.command) {
    case 'help':
      return print(io, HELP);
    case 'version':
      return print(io, `gohazard ${TOOL.version}\n`);
    case 'list-rules':
      return print(io, listRules(allRules.map((r) => r.meta), args.format));
    case 'explain': {
      const { ruleHelpMarkdown } = await import('../format/index.js');
      return print(io, `${ruleHelpMarkdown(findRule(args.rule!)!.meta)}\nOnline: ${helpUri(args.rule!)}\n`);
    }
    case 'lint':
      return lint(args, io);
  }
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

/** The rule list: a table, or with --format json an array of {id, level, summary, tags, helpUri}. */
function listRules(metas: RuleMeta[], format: CliArgs['format']): string {
  if (format === 'json') {
    const rules = metas.map((m) => ({ id: m.id, name: m.name, level: m.defaultLevel, summary: m.summary, tags: m.tags, precision: m.precision, helpUri: helpUri(m.id) }));
    return `${JSON.stringify(rules, null, 2)}\n`;
  }
  const width = Math.max(...metas.map((m) => m.id.length));
  return metas.map((m) => `${m.id.padEnd(width)}  ${m.defaultLevel.padEnd(7)}  ${m.summary}\n`).join('');
}
