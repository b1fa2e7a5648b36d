import type { Node } from 'web-tree-sitter';
import { defineFact } from './fact-store.js';
import type { SourceFile } from './source.js';
import { newScope, ScopeBuilder } from './scope-build.js';
import type { Binding, BindingKind, Scope } from './scope-types.js';

export type { Binding, BindingKind, Scope } from './scope-types.js';

/**
 * Which declaration an identifier refers to, so that a rule can tell the `cancel` of one `:=` from an
 * inner `cancel :=` that shadows it, or a local variable called `context` from the package.
 * Package-level names come from this file only (other files of the package are not consulted:
 * an identifier that resolves to nothing may be one of theirs, a builtin, or a dot import).
 * Bindings are computed per top-level declaration, the first time something inside it is asked
 * about, so files without a question cost nothing.
 */

interface FileScopes {
  pkg: Scope;
  /** Top-level declarations in source order, for finding the one that holds a node. */
  tops: Node[];
  built: Set<number>;
  /** Every top-level declaration is built: a file of n functions asked n times about package names
   * would otherwise check all n each time. */
  allBuilt: boolean;
  bindingOf: Map<number, Binding>;
  builder: ScopeBuilder;
}

const SCOPES = defineFact<SourceFile, FileScopes>('scopes', buildScopes);

/** The binding an identifier refers to or declares; undefined if it is not declared in this file. */
export function resolve(file: SourceFile, ident: Node): Binding | undefined {
  if (ident.type !== 'identifier') return undefined;
  const scopes = fileScopes(file);
  const top = topLevelOf(scopes.tops, ident.startIndex);
  if (!top) return undefined;
  ensureBuilt(scopes, top);
  return scopes.bindingOf.get(ident.id);
}

/** The file's package-level declarations (functions, vars, consts, types; not methods), by name. */
export function packageBindings(file: SourceFile): ReadonlyMap<string, Binding> {
  return fileScopes(file).pkg.names;
}

/** Every identifier that refers to `binding` (its declaration excluded), in source order, including
 * uses inside nested function literals. */
export function references(file: SourceFile, binding: Binding): Node[] {
  const scopes = fileScopes(file);
  if (binding.scope.kind === 'package' && !scopes.allBuilt) {
    for (const top of scopes.tops) ensureBuilt(scopes, top);
    scopes.allBuilt = true;
  }
  return binding.uses;
}

/** The function (declaration, method or literal) whose scope declares the binding; undefined for
 * package-level names. */
export function declaringFunction(binding: Binding): Node | undefined {
  for (let s: Scope | undefined = binding.scope; s; s = s.parent) if (s.kind === 'function') return s.node;
  return undefined;
}

function fileScopes(file: SourceFile): FileScopes {
  return file.store.get(SCOPES, file);
}

function buildScopes(file: SourceFile): FileScopes {
  const root = file.tree.rootNode;
  const tops = root.namedChildren.filter((n) => n.type !== 'comment');
  const pkg = newScope('package', root, undefined);
  const bindingOf = new Map<number, Binding>();
  for (const top of tops) declareTopLevel(top, pkg, bindingOf);
  return { pkg, tops, built: new Set(), allBuilt: false, bindingOf, builder: new ScopeBuilder(bindingOf) };
}

function ensureBuilt(scopes: FileScopes, top: Node): void {
  if (scopes.built.has(top.id)) return;
  scopes.built.add(top.id);
  scopes.builder.build(top, scopes.pkg);
}

function topLevelOf(tops: Node[], index: number): Node | undefined {
  let lo = 0;
  let hi = tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]!.startIndex <= index) lo = mid;
    else hi = mid - 1;
  }
  const top = tops[lo];
  return top && top.startIndex <= index && index < top.endIndex ? top : undefined;
}

/** Package-level names are visible in the whole file, before and after their declaration. */
function declareTopLevel(top: Node, pkg: Scope, bindingOf: Map<number, Binding>): void {
  const declare = (ident: Node | null, kind: BindingKind) => {
    if (!ident || ident.text === '_') return;
    const binding: Binding = { name: ident.text, kind, node: ident, scope: pkg, uses: [] };
    pkg.names.set(binding.name, binding);
    bindingOf.set(ident.id, binding);
  };
  if (top.type === 'function_declaration') return declare(top.childForFieldName('name'), 'func');
  const specTypes: Record<string, [string, BindingKind]> = {
    var_declaration: ['var_spec', 'var'],
    const_declaration: ['const_spec', 'const'],
    type_declaration: ['type_spec', 'type'],
  };
  const entry = specTypes[top.type];
  if (!entry) return;
  const [specType, kind] = entry;
  const isSpec = (n: Node) => n.type === specType || (kind === 'type' && n.type === 'type_alias');
  for (const child of top.namedChildren) {
    const specs = isSpec(child) ? [child] : child.namedChildren.filter(isSpec);
    for (const spec of specs) for (const name of spec.childrenForFieldName('name')) declare(name, kind);
  }
}
