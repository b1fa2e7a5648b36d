import type { Node } from 'web-tree-sitter';
import { defineFact } from '../../src/analysis/fact-store.js';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';

/**
 * What the cgo preambles of a package (the C in the comment right above each `import "C"`) tell the
 * rule: which `C.name` are types (a `C.buf_t(p)` conversion keeps the pointer, a call would not), and
 * which C functions written there free what they are given: `static void freeStr(char *s) { free(s); }`,
 * or a wrapper that hands its argument to a library with `free` as the destructor
 * (`sqlite3_result_text(ctx, s, n, &free)`), so the C side owns it from the call on.
 */

export interface Preamble {
  types: ReadonlySet<string>;
  releasing: ReadonlySet<string>;
}

const PREAMBLE = defineFact<GoPackage, Preamble>('cgo-preamble', (pkg) => {
  const types = new Set<string>();
  const releasing = new Set<string>();
  for (const file of pkg.files) {
    const c = preambleText(file);
    if (c) read(c, types, releasing);
  }
  return { types, releasing };
});

export function preambleOf(pkg: GoPackage): Preamble {
  return pkg.store.get(PREAMBLE, pkg);
}

/** The comment block right above `import "C"`, comment markers removed. */
function preambleText(file: SourceFile): string {
  const decls = file.tree.rootNode.namedChildren;
  for (let i = 0; i < decls.length; i++) {
    const decl = decls[i]!;
    if (decl.type === 'package_clause' || decl.type === 'comment') continue;
    if (decl.type !== 'import_declaration') break;
    if (!isImportC(decl)) continue;
    const parts: string[] = [];
    for (let j = i - 1; j >= 0 && decls[j]!.type === 'comment'; j--) parts.unshift(uncomment(decls[j]!));
    return parts.join('\n');
  }
  return '';
}

function isImportC(decl: Node): boolean {
  const specs = decl.descendantsOfType('import_spec');
  return specs.length === 1 && specs[0]!.childForFieldName('path')?.text === '"C"';
}

function uncomment(comment: Node): string {
  const t = comment.text;
  return t.startsWith('/*') ? t.slice(2, -2) : t.slice(2);
}

const TYPEDEF = /\btypedef\b[^;{]*?(\w+)\s*(\[[^\]]*\]\s*)*;/g;
const TYPEDEF_BODY = /\btypedef\s+(?:struct|union|enum)\b[^{;]*\{/g;
const FUNCTION = /\b(\w+)\s*\(([^()]*)\)\s*\{/g;

function read(c: string, types: Set<string>, releasing: Set<string>): void {
  for (const m of c.matchAll(TYPEDEF)) types.add(m[1]!);
  for (const m of c.matchAll(TYPEDEF_BODY)) {
    const end = closingBrace(c, m.index + m[0].length - 1);
    const name = /^\s*\}\s*\*?\s*(\w+)/.exec(c.slice(end))?.[1];
    if (name) types.add(name);
  }
  for (const m of c.matchAll(FUNCTION)) {
    const name = m[1]!;
    if (/^(if|for|while|switch|return|sizeof)$/.test(name)) continue;
    const params = m[2]!.split(',').map((p) => /(\w+)\s*(\[\s*\])?\s*$/.exec(p.trim())?.[1]).filter((p): p is string => p !== undefined && p !== 'void');
    const open = m.index + m[0].length - 1;
    const body = c.slice(open, closingBrace(c, open) + 1);
    if (freesParameter(body, params)) releasing.add(name);
  }
}

/** `free(p)` / `free((void*)p)` of a parameter, or `free` passed as a destructor (`&free`, `, free)`). */
function freesParameter(body: string, params: string[]): boolean {
  if (/&\s*free\b|[,(]\s*free\s*[,)]/.test(body)) return true;
  for (const m of body.matchAll(/\bfree\s*\(([^;]*)\)\s*;/g)) {
    const arg = m[1]!;
    if (params.some((p) => new RegExp(`\\b${p}\\b`).test(arg))) return true;
  }
  return false;
}

/** The index of the brace closing the one at `open` (the end of the text if unbalanced). */
function closingBrace(c: string, open: number): number {
  let depth = 0;
  for (let i = open; i < c.length; i++) {
    if (c[i] === '{') depth++;
    else if (c[i] === '}' && --depth === 0) return i;
  }
  return c.length;
}
