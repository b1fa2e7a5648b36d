import { createColors } from 'picocolors';
import type { Level } from '../types.js';
import type { FormatInput } from './input.js';
import { sortFindings } from '../engine/order.js';
import { oneLine, quoteName } from './escape.js';

/**
 * go vet style, one finding per line: `path:line:col: message (rule-id)`, where col is the 1-based
 * UTF-8 byte column, the form every editor's error regex already matches. Odd file names are quoted and
 * messages kept to one line (see escape.ts), so the repository cannot print a line of its own. File errors are not
 * printed here: the CLI writes them to stderr.
 */
export function formatText(input: FormatInput): string {
  const c = createColors(input.color);
  const levelColor: Record<Level, (s: string) => string> = { error: c.red, warning: c.yellow, note: c.cyan };
  const findings = sortFindings(input.findings);
  let out = '';
  for (const f of findings) {
    const where = c.dim(`${f.start.line}:${f.start.column}:`);
    out += `${c.bold(quoteName(f.file))}:${where} ${oneLine(f.message)} ${levelColor[f.level](`(${f.ruleId})`)}\n`;
  }
  if (input.summary) out += `${c.bold(summaryLine(findings.length, new Set(findings.map((f) => f.file)).size, input.errors.length))}\n`;
  return out;
}

function summaryLine(findings: number, files: number, errors: number): string {
  const found = findings === 0 ? 'no findings' : `${plural(findings, 'finding')} in ${plural(files, 'file')}`;
  // Say so when files were skipped: "no findings" alone would read as a clean bill of health.
  return errors === 0 ? found : `${found}; ${plural(errors, 'file')} could not be linted`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
