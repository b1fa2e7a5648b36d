import { UNSAFE_CHARS as UNSAFE } from './unsafe-chars.js';

/**
 * What keeps a report from being forged by the repository it describes. File names and messages come from
 * the repository (a name may hold a newline, an ESC sequence or a leading `::`, which GitHub's runner reads
 * as a workflow command), so every format passes them through here.
 */

const UNSAFE_ONE = new RegExp(UNSAFE.source);

/** A file name as go vet prints it when it is odd: plain when harmless, else double-quoted with Go's
 * escapes (strconv.Quote), so that one finding is always one line and never starts with `::`. */
export function quoteName(name: string): string {
  if (!UNSAFE_ONE.test(name) && !name.startsWith('::') && !name.includes('%') && !name.includes('"') && !name.startsWith(' ')) return name;
  let out = '"';
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (UNSAFE_ONE.test(ch)) out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A message on one line: control characters become spaces, runs of spaces one space. */
export function oneLine(message: string): string {
  return message.replace(UNSAFE, ' ').replace(/ {2,}/g, ' ').trim();
}
