import { parseArgs } from 'node:util';
import { knownRuleIds } from '../engine/active-rules.js';
import { FORMATS, type FormatName } from '../format/names.js';
import { didYouMean } from '../engine/did-you-mean.js';
import type { Level } from '../types.js';

/** Command-line parsing only: no I/O, so it can be tested alone. Throws UsageError (exit 2). */

export class UsageError extends Error {}

export { FORMATS, type FormatName };

export interface CliArgs {
  command: 'lint' | 'explain' | 'list-rules' | 'help' | 'version';
  /** explain: the rule id. */
  rule?: string;
  patterns: string[];
  readStdin: boolean;
  stdinFilename: string | undefined;
  format: FormatName;
  output: string | undefined;
  config: string | undefined;
  enable: Set<string>;
  disable: Set<string>;
  color: boolean | undefined;
  includeGenerated: boolean;
  jobs: number | undefined;
  /** The lowest level that fails the run (exit 1). */
  failLevel: Level;
  exitZero: boolean;
  baseline: string | undefined;
  writeBaseline: string | undefined;
  newFromRev: string | undefined;
  verbose: boolean;
}

const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

export const HELP = `usage: gohazard [flags] [packages]
       gohazard explain RULE

Finds Go concurrency and timeout hazards. Packages are Go patterns (./..., dir/...), directories,
files, or - to read one file from standard input. Default: ./... A named file (or the buffer on
standard input) is linted with the other files of its package, read from disk, and reported alone.

flags:
  -f, --format FORMAT      text (default), json, sarif or github
  -o, --output FILE        write the report to FILE (atomically) instead of standard output
  -c, --config FILE        use this config instead of the nearest .gohazard.json
      --enable RULE,...    turn rules on (also ones a config turns off)
      --disable RULE,...   turn rules off (all: every rule, then --enable some)
      --fail-level LEVEL   the lowest level that fails the run: error, warning (default) or note
      --exit-zero          exit 0 even with findings (input and internal errors still exit 2 and 3)
      --baseline FILE      report only findings that FILE does not list (matched by rule, file and
                           the fingerprint of their code, so code that moved still matches)
      --write-baseline FILE  write every finding of this run to FILE (atomically) and exit 0
      --new-from-rev REV   report only findings on lines changed since the git revision REV
                           (git diff -U0 REV; untracked files count as changed)
      --list-rules         list the rules with their summaries
      --stdin-filename P   the path of the file read from standard input (for excludes, output and
                           its package)
      --include-generated  also lint generated files (// Code generated ... DO NOT EDIT.)
  -j, --jobs N             worker threads (default and maximum: one per core, at most 8)
      --color, --no-color  force colour on or off (default: on when writing text to a terminal;
                           NO_COLOR and FORCE_COLOR are honoured)
  -v, --verbose            say on stderr which named files were excluded
      --version            print the version
  -h, --help               print this help

limits: files over 32 MiB, non-regular files and symlinks leaving the repository are reported and
skipped; a file that takes over 60 s (GOHAZARD_FILE_BUDGET_MS) is given up on and reported

exit status: 0 no findings (or notes only), 1 findings at warning or error level (see --fail-level),
2 usage, config or input error (also: no Go files to lint), 3 internal error or a failed write
`;

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        enable: { type: 'string', multiple: true },
        disable: { type: 'string', multiple: true },
        'list-rules': { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'include-generated': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        'fail-level': { type: 'string' },
        'exit-zero': { type: 'boolean' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'new-from-rev': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(parseError(err));
  }
  const v = parsed.values;
  const positionals = [...parsed.positionals];
  const args: CliArgs = {
    command: 'lint',
    patterns: [],
    readStdin: false,
    stdinFilename: v['stdin-filename'],
    format: parseFormat(v.format),
    output: v.output,
    config: v.config,
    enable: ruleSet(v.enable, '--enable'),
    disable: ruleSet(v.disable, '--disable'),
    color: v['no-color'] ? false : v.color ? true : undefined,
    includeGenerated: v['include-generated'] ?? false,
    jobs: parseJobs(v.jobs),
    failLevel: parseLevel(v['fail-level']),
    exitZero: v['exit-zero'] ?? false,
    baseline: v.baseline,
    writeBaseline: v['write-baseline'],
    newFromRev: v['new-from-rev'],
    verbose: v.verbose ?? false,
  };
  if (v.help) return { ...args, command: 'help' };
  if (v.version) return { ...args, command: 'version' };
  if (v['list-rules']) return { ...args, command: 'list-rules' };
  if (positionals[0] === 'explain') {
    if (positionals.length !== 2) throw new UsageError('usage: gohazard explain RULE');
    const rule = positionals[1]!;
    if (!knownRuleIds.has(rule)) throw new UsageError(`unknown rule "${rule}"${didYouMean(rule, knownRuleIds)} (see gohazard --list-rules)`);
    return { ...args, command: 'explain', rule };
  }
  args.readStdin = positionals.includes('-') || (positionals.length === 0 && args.stdinFilename !== undefined);
  args.patterns = positionals.filter((p) => p !== '-');
  if (args.patterns.length === 0 && !args.readStdin) args.patterns = ['./...'];
  return args;
}

function parseFormat(value: string | undefined): FormatName {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as FormatName;
  throw new UsageError(`unknown format "${value}" (use ${FORMATS.join(', ')})`);
}

function ruleSet(values: string[] | undefined, flag: string): Set<string> {
  const ids = (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const id of ids) {
    if (!knownRuleIds.has(id) && !(id === 'all' && flag === '--disable')) throw new UsageError(`${flag}: unknown rule "${id}"${didYouMean(id, knownRuleIds)} (see gohazard --list-rules)`);
  }
  return new Set(ids);
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a whole number of at least 1, not "${value}"`);
  return n;
}

function parseLevel(value: string | undefined): Level {
  if (value === undefined) return 'warning';
  if ((LEVELS as readonly string[]).includes(value)) return value as Level;
  throw new UsageError(`--fail-level takes error, warning or note, not "${value}"`);
}

/** node's parse errors, in our words: the flag, and the one it was probably meant to be. */
function parseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const unknown = /^Unknown option '([^']*)'/.exec(message);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const flag = unknown[1]!;
    return `unknown flag ${flag}${didYouMean(flag.replace(/^-+/, ''), FLAG_NAMES).replace(/"(.*)"/, '--$1')}`;
  }
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  return message.split('\n')[0]!;
}

const FLAG_NAMES = ['format', 'output', 'config', 'enable', 'disable', 'list-rules', 'stdin-filename', 'include-generated', 'jobs', 'fail-level', 'exit-zero', 'baseline', 'write-baseline', 'new-from-rev', 'verbose', 'color', 'no-color', 'version', 'help'];
