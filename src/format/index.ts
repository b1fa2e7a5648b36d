import type { FileError, Finding, RuleMeta } from '../types.js';
import { formatGithub } from './github.js';
import type { FormatName } from './names.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/**
 * Pure functions from findings (+ rule metadata) to the text of a report. Every format sorts its
 * input itself, so the same findings in any order give byte-identical output.
 */

export type { FormatName } from './names.js';

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

const FORMATTERS: Record<FormatName, (input: FormatInput) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
};

export function formatOutput(format: FormatName, input: FormatInput): string {
  return FORMATTERS[format](input);
}

export { ruleFullDescription, ruleHelpMarkdown, ruleHelpText } from './rule-doc.js';
export { SARIF_MAX_RESULTS } from './sarif.js';
