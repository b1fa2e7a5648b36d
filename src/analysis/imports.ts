import type { Node } from 'web-tree-sitter';
import { defineFact } from './fact-store.js';
import type { SourceFile } from './source.js';
import { resolve } from './scopes.js';

/**
 * The import table of one file. Without type information the only way to know that `stdctx.WithCancel`
 * is context.WithCancel is the file's imports, so every rule asks here instead of matching the text
 * `context.`.
 */

export interface ImportEntry {
  /** The name the file uses ('' for a dot import). */
  localName: string;
  path: string;
  dot: boolean;
  spec: Node;
}

const IMPORTS = defineFact<SourceFile, ImportEntry[]>('imports', (file) => readImports(file.tree.rootNode));

/** Every named or dot import of the file; blank imports (`_ "embed"`) bind nothing and are left out. */
export function importTable(file: SourceFile): ImportEntry[] {
  return file.store.get(IMPORTS, file);
}

function readImports(root: Node): ImportEntry[] {
  const entries: ImportEntry[] = [];
  for (const decl of root.namedChildren) {
    // Imports must precede other declarations; stop at the first one so big files cost nothing here.
    if (decl.type === 'package_clause' || decl.type === 'comment') continue;
    if (decl.type !== 'import_declaration') break;
    for (const spec of decl.descendantsOfType('import_spec')) {
      const entry = readSpec(spec);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

function readSpec(spec: Node): ImportEntry | undefined {
  const pathNode = spec.childForFieldName('path');
  if (!pathNode) return undefined;
  const path = pathNode.text.slice(1, -1);
  const name = spec.childForFieldName('name');
  if (name?.type === 'blank_identifier') return undefined;
  if (name?.type === 'dot') return { localName: '', path, dot: true, spec };
  return { localName: name ? name.text : defaultPackageName(path), path, dot: false, spec };
}

/**
 * The name a package is referred to by when imported without an alias. The real name is whatever the
 * package clause of the imported code says, which we cannot read; this follows the conventions that
 * hold for nearly all modules: the last path element, skipping a major-version element (`.../v2`),
 * without a gopkg.in version (`yaml.v3`) and without a `go-` prefix or `-go` suffix.
 */
export function defaultPackageName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v[0-9]+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  last = last.replace(/\.v[0-9]+$/, '');
  last = last.replace(/^go-/, '').replace(/[-.]go$/, '');
  return last;
}

/** The local names under which `path` is imported (several if the file imports it twice). */
export function importedAs(file: SourceFile, path: string): string[] {
  return importTable(file)
    .filter((e) => !e.dot && e.path === path)
    .map((e) => e.localName);
}

/** Whether `path` is dot-imported, so its exported names are used unqualified. */
export function isDotImported(file: SourceFile, path: string): boolean {
  return importTable(file).some((e) => e.dot && e.path === path);
}

/**
 * Whether the identifier names the import of `path` at that point: its text is a local name of the
 * import and no local variable, parameter or named result of that name shadows it.
 */
export function isPackageRef(file: SourceFile, ident: Node, path: string): boolean {
  if (ident.type !== 'identifier' || !importedAs(file, path).includes(ident.text)) return false;
  return !isLocallyBound(file, ident);
}

/**
 * If `callee` (the function of a call, or any expression) is `pkg.Name` for an import of one of
 * `paths`, or an unqualified `Name` dot-imported from one of them, returns `Name`.
 */
export function packageMember(file: SourceFile, callee: Node, paths: readonly string[]): string | undefined {
  if (callee.type === 'selector_expression') {
    const operand = callee.childForFieldName('operand');
    const field = callee.childForFieldName('field');
    if (!operand || !field || operand.type !== 'identifier') return undefined;
    return paths.some((p) => isPackageRef(file, operand, p)) ? field.text : undefined;
  }
  if (callee.type === 'identifier' && paths.some((p) => isDotImported(file, p))) {
    // A dot-imported name shares the package block with the file's own declarations, so any binding
    // we can see (local or package-level) means the name is not the import's.
    return resolve(file, callee) ? undefined : callee.text;
  }
  return undefined;
}

function isLocallyBound(file: SourceFile, ident: Node): boolean {
  const binding = resolve(file, ident);
  // A package-level declaration named like an import does not compile; the import wins here.
  return binding !== undefined && binding.scope.kind !== 'package';
}
