import type { FormatInput } from './input.js';
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

export type { FormatInput } from './input.js';

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
