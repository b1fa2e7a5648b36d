import type { Level } from '../types.js';
import type { FormatInput } from './input.js';
import { sortErrors, sortFindings } from '../engine/order.js';
import { oneLine } from './escape.js';

/**
 * GitHub Actions workflow commands, which the runner turns into annotations on the diff. Columns
 * are UTF-16 (GitHub counts characters, not bytes). Escaping follows actions/toolkit's
 * `packages/core/src/command.ts`.
 */
export function formatGithub(input: FormatInput): string {
  // Errors come first: GitHub shows only the first 10 annotations of each kind per step.
  let out = '';
  for (const e of sortErrors(input.errors)) {
    out += `::error file=${escapeProperty(e.file)}::${escapeData(oneLine(e.message))}\n`;
  }
  for (const f of sortFindings(input.findings)) {
    const props = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.start.line}`,
      `endLine=${f.end.line}`,
      `col=${f.start.utf16Column}`,
      `endColumn=${f.end.utf16Column}`,
      `title=${escapeProperty(f.ruleId)}`,
    ].join(',');
    out += `::${COMMAND[f.level]} ${props}::${escapeData(`${oneLine(f.message)} (${f.ruleId})`)}\n`;
  }
  return out;
}

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** actions/toolkit's escapeData; control characters are already gone from messages (oneLine). */
function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Also other control characters (ESC in a file name), which the runner leaves encoded: such a path
 * matches no file either way, and the log shows no raw escape sequence. */
function escapeProperty(s: string): string {
  return escapeData(s)
    .replaceAll(':', '%3A')
    .replaceAll(',', '%2C')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
