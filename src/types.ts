/**
 * The types every layer shares: what a rule declares, what it reports, and what the formatters print.
 * Kept free of imports from the rest of the engine so that rules, formatters and tests can use it alone.
 */

export type Level = 'error' | 'warning' | 'note';

/** A rule's setting in config and on the command line. */
export type RuleSetting = 'off' | Level;

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
}

/** A setting a rule reads from config (`"rules": { "id": { "level": "warning", "tests": true } }`). */
export interface RuleOption {
  name: string;
  type: 'boolean';
  default: boolean;
  /** One sentence for the rule's doc page. */
  description: string;
}

/** Option values by name, defaults filled in. */
export type RuleOptions = Readonly<Record<string, boolean>>;

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
