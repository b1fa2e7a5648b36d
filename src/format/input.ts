import type { FileError, Finding, RuleMeta } from '../types.js';

/** What every formatter is given. Apart from index.ts so that the formatters need not import it. */
export interface FormatInput {
  /** Normally sorted by the engine already (file, line, column, rule). */
  findings: Finding[];
  /** Files that could not be linted. */
  errors: FileError[];
  /** The rules that ran: SARIF rules[] lists exactly these, in id order. */
  rules: RuleMeta[];
  tool: { name: string; version: string; informationUri: string };
  /** Absolute; SARIF's %SRCROOT%. */
  cwd: string;
  /** text only. */
  color: boolean;
  /** text only: end with a line such as "3 findings in 2 files" or "no findings". */
  summary: boolean;
  helpUri(ruleId: string): string;
  /** The rule's doc page in Markdown (SARIF help.markdown); normally `ruleHelpMarkdown` below. */
  ruleHelpMarkdown(meta: RuleMeta): string;
}
