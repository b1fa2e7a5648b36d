import type { Node } from 'web-tree-sitter';
import { defineFact } from './fact-store.js';
import type { GoPackage, SourceFile } from './source.js';
import { packageBindings, resolve, references, type Binding } from './scopes.js';
import { nodesSpelled } from './text-search.js';

/**
 * The package block across files. `resolve` (scopes.ts) knows the names declared in one file; a Go
 * package shares its top-level names between all its files, so "is this map ever deleted from?" or
 * "is Add called on this WaitGroup anywhere?" must look at every file. An identifier that resolves to
 * nothing in its own file and is not a package name refers to the package-level declaration of
 * that name in another file, if there is one.
 */

export interface PackageBinding {
  file: SourceFile;
  binding: Binding;
}

export interface PackageRef {
  file: SourceFile;
  node: Node;
}

interface PackageFacts {
  decls: Map<string, PackageBinding>;
  refs: Map<string, PackageRef[]>;
  methods: Map<string, PackageRef[]> | undefined;
}

const PACKAGE_SCOPE = defineFact<GoPackage, PackageFacts>('package-scope', (pkg) => {
  const decls = new Map<string, PackageBinding>();
  for (const file of pkg.files) {
    for (const [name, binding] of packageBindings(file)) if (!decls.has(name)) decls.set(name, { file, binding });
  }
  return { decls, refs: new Map(), methods: undefined };
});

function facts(pkg: GoPackage): PackageFacts {
  return pkg.store.get(PACKAGE_SCOPE, pkg);
}

/** The package-level declaration of `name` in any file of the package. */
export function packageDecl(pkg: GoPackage, name: string): PackageBinding | undefined {
  return facts(pkg).decls.get(name);
}

/**
 * What an identifier refers to, looking across the package: a binding of its own file (local or
 * package-level), else the package-level declaration of that name in another file. `file` must be
 * the file holding `ident`.
 */
export function resolveInPackage(pkg: GoPackage, file: SourceFile, ident: Node): PackageBinding | undefined {
  const local = resolve(file, ident);
  if (local) return { file, binding: local };
  if (ident.type !== 'identifier' || !isUse(ident)) return undefined;
  return packageDecl(pkg, ident.text);
}

/** Every identifier in the package that refers to the package-level `name` (the declaration left out),
 * file by file in package order, in source order within a file. */
export function packageReferences(pkg: GoPackage, name: string): PackageRef[] {
  const f = facts(pkg);
  let refs = f.refs.get(name);
  if (refs) return refs;
  refs = [];
  const decl = f.decls.get(name);
  if (decl) {
    for (const file of pkg.files) {
      if (file === decl.file) {
        for (const node of references(file, decl.binding)) refs.push({ file, node });
        continue;
      }
      for (const node of nodesSpelled(file, name, ['identifier'])) {
        if (!resolve(file, node) && isUse(node)) refs.push({ file, node });
      }
    }
  }
  f.refs.set(name, refs);
  return refs;
}

/** The method declarations whose receiver is `T` or `*T` (generic receivers `T[K]` included). */
export function methodsOf(pkg: GoPackage, typeName: string): PackageRef[] {
  const f = facts(pkg);
  if (!f.methods) {
    f.methods = new Map();
    for (const file of pkg.files) {
      for (const top of file.tree.rootNode.namedChildren) {
        if (top.type !== 'method_declaration') continue;
        const recv = receiverTypeName(top);
        if (recv) f.methods.set(recv, [...(f.methods.get(recv) ?? []), { file, node: top }]);
      }
    }
  }
  return f.methods.get(typeName) ?? [];
}

/** `func (s *Server[K]) ...` → `Server`. */
export function receiverTypeName(method: Node): string | undefined {
  const param = method.childForFieldName('receiver')?.namedChildren.find((c) => c.type === 'parameter_declaration');
  let type = param?.childForFieldName('type');
  while (type && (type.type === 'pointer_type' || type.type === 'parenthesized_type' || type.type === 'generic_type')) {
    type = type.type === 'generic_type' ? type.childForFieldName('type') : type.namedChild(0);
  }
  return type?.type === 'type_identifier' ? type.text : undefined;
}

/** Whether an identifier is a use of a name, not a struct-literal key (`T{cache: x}`) or a label. */
function isUse(ident: Node): boolean {
  const parent = ident.parent;
  if (!parent) return false;
  if (parent.type === 'literal_element' && parent.parent?.type === 'keyed_element') {
    return parent.parent.childForFieldName('key')?.id !== parent.id;
  }
  return parent.type !== 'labeled_statement' && parent.type !== 'break_statement' && parent.type !== 'continue_statement' && parent.type !== 'goto_statement';
}
