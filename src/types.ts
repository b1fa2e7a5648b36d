/**
 * The types every layer shares: what a rule declares, what it reports, and what the formatters print.
 * Kept free of imports from the rest of the engine so that rules, formatters and tests can use it alone.
 */

export type Level = 'error' | 'warning' | 'note';

/** A rule's setting in config and on the command line. */
export type RuleSetting = 'off' | Level;

/**
 * Where a finding sits, as the program facts tell (src/analysis/place.ts): `service`, the code of the
 * long-running program; `command`, code that runs once on the main goroutine of a process (main, a CLI
 * command's action, what only they call, a `go run` script); `test`, test support (tests, their helpers,
 * mocks, examples, fuzz harnesses).
 */
export type Place = 'service' | 'command' | 'test';

/** What the config does with the findings of a place: leave them out, show them at `note` level (shown,
 * never failing a run), or report them at the rule's level. */
export type PlaceSetting = 'off' | 'note' | 'report';

/** The place policy: findings in test support are left out and those in commands are notes, unless the
 * config says otherwise (`"places": {"test": "report"}`). Service code is always reported. */
export interface PlacePolicy {
  test: PlaceSetting;
  command: PlaceSetting;
}

export const DEFAULT_PLACES: Readonly<PlacePolicy> = { test: 'off', command: 'note' };

/** A place in a file. `line` is 1-based; `column` is the 1-based UTF-8 byte column (as go vet prints);
 * `utf16Column` is the 1-based UTF-16 column (what SARIF and LSP consumers want). */
export interface Position {
  line: number;
  column: number;
  utf16Column: number;
}

export interface Finding {
  ruleId: string;
  level: Level;
  /** One line: what is wrong, why it hurts, how to fix it. */
  message: string;
  /** The path as the user should see it: relative to cwd, or as given by --stdin-filename. */
  file: string;
  start: Position;
  /** Exclusive end of the reported region. */
  end: Position;
  /** GitHub's primaryLocationLineHash of the start line (see src/format/fingerprint.ts). */
  fingerprint: string;
  /** Which of the rule's `meta.messages` the message was made from. */
  messageId?: string;
  /** Where it sits when that is not service code: a command's (its level lowered to `note` by default)
   * or test support's (shown only when the config asks). */
  place?: Exclude<Place, 'service'>;
  /** Other places the finding points to (SARIF relatedLocations; text output leaves them out). */
  related?: RelatedPlace[];
}

/** A place a finding points to besides its own. */
export interface RelatedPlace {
  file: string;
  start: Position;
  end: Position;
  message: string;
}

/** A file that could not be linted, or a problem found before linting (an unreadable path, say). */
export interface FileError {
  file: string;
  message: string;
  /** A bug in gohazard (a rule threw), not a problem with the input: exit code 3. */
  internal?: boolean;
}

export interface RuleDocs {
  /** What it does: one or two paragraphs of Markdown. */
  what: string;
  /** Why is this bad: the production failure it leads to. */
  why: string;
  /** A bad example (Go source, no fences). */
  bad: string;
  /** The corrected example (Go source, no fences). */
  good: string;
  /** Known limits: false negatives and the idioms it deliberately stays silent on. */
  limits: string;
  /** The go.mod `go` version the examples are compiled at, for a rule gated on it (`1.22`). */
  goVersion?: string;
}

/** A setting a rule reads from config (`"rules": { "id": { "level": "warning", "tests": true } }`). */
export type RuleOption = BooleanOption | NumberOption | StringListOption;

interface OptionBase {
  /** kebab-case. A string list named `extend-X` adds entries to the rule's built-in vocabulary X. */
  name: string;
  /** One sentence for the rule's doc page. */
  description: string;
}

export interface BooleanOption extends OptionBase {
  type: 'boolean';
  default: boolean;
}

export interface NumberOption extends OptionBase {
  type: 'number';
  default: number;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface StringListOption extends OptionBase {
  type: 'string-list';
  default: readonly string[];
  /** What every item must look like (`/^[a-z0-9]+$/`), with the words the config error uses for it. */
  items?: { pattern: RegExp; description: string };
  /** For an `extend-X` option: the built-in entries of X it adds to (listed on the rule's page). */
  builtIn?: readonly string[];
  /** A value for the config example on the rule's page. */
  example?: readonly string[];
}

export type OptionValue = boolean | number | readonly string[];

/** Option values by name: plain data, so they cross to worker threads. */
export type OptionValues = Readonly<Record<string, OptionValue>>;

/**
 * A rule's option values, defaults filled in, read by type. Reading a name the rule does not declare
 * with that type is a bug in the rule and throws.
 */
export interface RuleOptions {
  bool(name: string): boolean;
  number(name: string): number;
  list(name: string): readonly string[];
  /** `builtIn` followed by the entries of the `extend-<vocabulary>` option, which never replaces them. */
  vocabulary(vocabulary: string, builtIn: readonly string[]): readonly string[];
  readonly values: OptionValues;
}

export interface RuleMeta {
  /** kebab-case, stable forever: renaming closes every alert on GitHub. */
  id: string;
  /** PascalCase, differs from id (SARIF wants id and name to differ). */
  name: string;
  /** One line for --list-rules and SARIF shortDescription. */
  summary: string;
  defaultLevel: Level;
  tags: string[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
  docs: RuleDocs;
  /** The rule's messages by id: one line each (what is wrong, why it hurts, how to fix it), with `{name}`
   * placeholders filled from the report's data. */
  messages: Readonly<Record<string, string>>;
  /** Settings the rule takes from config; none when absent. */
  options?: RuleOption[];
}
