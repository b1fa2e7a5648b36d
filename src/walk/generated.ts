/**
 * Reads a Go file's header (everything before its first token that is not a comment) to learn the package
 * name and whether the file is generated, without tokenizing the body: a generated file can be megabytes
 * long while its header is a few hundred bytes.
 */

export interface GoHeader {
  /** The identifier after `package`, or '' when the first token is not a package clause. */
  packageName: string;
  /** Exactly go/ast.IsGenerated: some comment line before the package clause reads
   * `// Code generated <anything> DO NOT EDIT.` (https://go.dev/s/generatedcode). */
  generated: boolean;
}

const GENERATED_PREFIX = '// Code generated ';
const GENERATED_SUFFIX = ' DO NOT EDIT.';
const PACKAGE = 'package';
/** Go identifiers: Unicode letters and '_', then also decimal digits. */
const IDENTIFIER = /[\p{L}_][\p{L}\p{Nd}_]*/uy;
const IDENTIFIER_CHAR = /[\p{L}\p{Nd}_]/u;
const KEYWORDS = new Set(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' '),
);

export function scanHeader(text: string): GoHeader {
  let generated = false;
  // Go accepts a byte order mark only as the very first character.
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const at = skipTrivia(text, start, (comment) => {
    generated ||= hasGeneratedLine(comment);
  });
  return { packageName: packageNameAt(text, at), generated };
}

/** Skips white space and comments from `i`, handing each comment's text to `onComment`; returns where the
 * first real token starts (or text.length). An unterminated block comment runs to the end of the file. */
function skipTrivia(text: string, i: number, onComment?: (comment: string) => void): number {
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    let end: number;
    if (text.startsWith('//', i)) {
      end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
    } else if (text.startsWith('/*', i)) {
      end = text.indexOf('*/', i + 2);
      end = end < 0 ? text.length : end + 2;
    } else {
      return i;
    }
    onComment?.(text.slice(i, end));
    i = end;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** go/ast.IsGenerated splits each comment's text into lines; the Go scanner has already removed the '\r's
 * of CRLF files. Prefix and suffix must not overlap: `// Code generated DO NOT EDIT.` does not count. */
function hasGeneratedLine(comment: string): boolean {
  if (!comment.includes(GENERATED_PREFIX)) return false;
  return comment
    .replace(/\r/g, '')
    .split('\n')
    .some(
      (line) =>
        line.length >= GENERATED_PREFIX.length + GENERATED_SUFFIX.length &&
        line.startsWith(GENERATED_PREFIX) &&
        line.endsWith(GENERATED_SUFFIX),
    );
}

/** The name in a package clause starting at `i`. Comments and newlines may sit between the keyword and the
 * name (no semicolon is inserted after `package`). */
function packageNameAt(text: string, i: number): string {
  if (!text.startsWith(PACKAGE, i)) return '';
  const after = i + PACKAGE.length;
  const next = text.codePointAt(after);
  if (next !== undefined && IDENTIFIER_CHAR.test(String.fromCodePoint(next))) return ''; // `packages`: an identifier
  IDENTIFIER.lastIndex = skipTrivia(text, after);
  const name = IDENTIFIER.exec(text)?.[0] ?? '';
  return KEYWORDS.has(name) ? '' : name;
}
