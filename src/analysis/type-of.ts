import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from './source.js';
import { importTable } from './imports.js';
import { packageDecl, resolveInPackage } from './package-scope.js';
import { unparen } from './syntax.js';
import { nodeTable, storeOf } from './fact-store.js';

/**
 * Types where the source makes them evident, without a type checker: the declared type of a variable,
 * parameter or field, the type of a composite literal, `new(T)`, `make(T)`, or a call to a function of
 * this package with one result, followed through field selectors and index expressions. Anything
 * else (a method call's result, another package's function) is unknown, and rules stay silent on
 * what they cannot type.
 */

/** A type as written in the source: `node` is a type node of `file` (imports are read there). */
export interface TypeRef {
  file: SourceFile;
  /** The type with one level of pointer taken off (`*sync.WaitGroup` → `sync.WaitGroup`). */
  node: Node;
  /** Whether the value is a pointer to `node` (`*T`, `&T{}`, `new(T)`). */
  pointer: boolean;
}

/** How far to follow declarations (`a := b`, `b := c.f`, ...); cycles and long chains end here. */
const MAX_DEPTH = 8;

/** The evident type of an expression of `file`, or undefined. */
export function typeOf(pkg: GoPackage, file: SourceFile, expr: Node, depth = 0): TypeRef | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unparen(expr);
  switch (e.type) {
    case 'identifier':
      return typeOfName(pkg, file, e, depth);
    case 'composite_literal':
      return typeRef(file, e.childForFieldName('type'));
    case 'unary_expression': {
      const operand = e.childForFieldName('operand');
      if (e.childForFieldName('operator')?.text !== '&' || !operand) return undefined;
      const inner = unparen(operand);
      const t = inner.type === 'composite_literal' ? typeRef(file, inner.childForFieldName('type')) : undefined;
      return t && !t.pointer ? { ...t, pointer: true } : undefined;
    }
    case 'call_expression':
      return typeOfCall(pkg, file, e);
    case 'selector_expression': {
      const operand = e.childForFieldName('operand');
      const field = e.childForFieldName('field');
      if (!operand || !field) return undefined;
      const owner = typeOf(pkg, file, operand, depth + 1);
      return owner ? fieldType(pkg, owner, field.text) : undefined;
    }
    case 'index_expression': {
      const operand = e.childForFieldName('operand');
      const container = operand ? typeOf(pkg, file, operand, depth + 1) : undefined;
      return container && !container.pointer ? elementType(pkg, container) : undefined;
    }
    default:
      return undefined;
  }
}

/** A type node as a TypeRef, with a pointer level taken off. */
export function typeRef(file: SourceFile, type: Node | null | undefined): TypeRef | undefined {
  if (!type) return undefined;
  let node = type;
  while (node.type === 'parenthesized_type' && node.namedChild(0)) node = node.namedChild(0)!;
  if (node.type !== 'pointer_type') return { file, node, pointer: false };
  const inner = node.namedChild(0);
  return inner ? { file, node: inner, pointer: true } : undefined;
}

/**
 * If the type is `pkg.Name` for an import of `path` (`sync.WaitGroup` under any import name, or
 * `WaitGroup` dot-imported), returns `Name`. Generic instantiations (`atomic.Pointer[T]`) count too.
 */
export function importedTypeName(ref: TypeRef | undefined, path: string): string | undefined {
  if (!ref) return undefined;
  const node = ref.node.type === 'generic_type' ? ref.node.childForFieldName('type') : ref.node;
  if (!node) return undefined;
  const table = importTable(ref.file);
  // In argument position (`new(sync.WaitGroup)`) the grammar reads a type as an expression.
  if (node.type === 'qualified_type' || node.type === 'selector_expression') {
    const qualified = node.type === 'qualified_type';
    const pkgName = node.childForFieldName(qualified ? 'package' : 'operand')?.text;
    const name = node.childForFieldName(qualified ? 'name' : 'field')?.text;
    return name && table.some((e) => !e.dot && e.path === path && e.localName === pkgName) ? name : undefined;
  }
  if (isTypeName(node) && table.some((e) => e.dot && e.path === path) && !localTypeName(ref.file, node)) return node.text;
  return undefined;
}

/** Whether the type is exactly `path.name` (pointer or not, as `pointer` says; any if undefined). */
export function isImportedType(ref: TypeRef | undefined, path: string, name: string, pointer?: boolean): boolean {
  if (!ref || (pointer !== undefined && ref.pointer !== pointer)) return false;
  return importedTypeName(ref, path) === name;
}

/** The name of a named type of this package or an imported one (`Server` for `*Server[K]`). */
export function namedType(ref: TypeRef | undefined): string | undefined {
  if (!ref) return undefined;
  const node = ref.node.type === 'generic_type' ? ref.node.childForFieldName('type') : ref.node;
  return node?.type === 'type_identifier' || node?.type === 'identifier' ? node.text : undefined;
}

/**
 * The type a named type of this package is declared as, followed through definitions and aliases
 * (`type peerSet map[string]*peer` → the map type); the ref itself when it is not a local name.
 */
export function underlying(pkg: GoPackage, ref: TypeRef): TypeRef {
  let current = ref;
  for (let i = 0; i < MAX_DEPTH; i++) {
    const node = current.node.type === 'generic_type' ? current.node.childForFieldName('type') : current.node;
    if (!node || !isTypeName(node)) return current;
    const spec = localTypeSpec(pkg, node.text);
    const declared = spec ? typeRef(spec.file, spec.node.childForFieldName('type')) : undefined;
    if (!declared || declared.pointer) return current;
    current = { ...declared, pointer: current.pointer };
  }
  return current;
}

/** The struct_type node of a struct type (after `underlying`), or undefined. */
export function structType(pkg: GoPackage, ref: TypeRef): TypeRef | undefined {
  const u = underlying(pkg, ref);
  return u.node.type === 'struct_type' ? u : undefined;
}

export interface FieldDecl {
  /** The field name; for an embedded field, the type's name (`Mutex` for `sync.Mutex`). */
  name: string;
  /** The field_identifier, or the embedded type. */
  nameNode: Node;
  type: Node;
  embedded: boolean;
}

const STRUCT_FIELDS = nodeTable<FieldDecl[]>('struct-fields');

/** The fields of a struct_type node, in order; listed once per struct and kept in the tree's store
 * (a selector on a struct value asks for them on every use). */
export function structFields(struct: Node): FieldDecl[] {
  const table = storeOf(struct.tree).get(STRUCT_FIELDS, struct.tree);
  let fields = table.get(struct.id);
  if (!fields) table.set(struct.id, (fields = listStructFields(struct)));
  return fields;
}

function listStructFields(struct: Node): FieldDecl[] {
  const fields: FieldDecl[] = [];
  const list = struct.namedChildren.find((c) => c.type === 'field_declaration_list');
  for (const decl of list?.namedChildren ?? []) {
    if (decl.type !== 'field_declaration') continue;
    const type = decl.childForFieldName('type');
    if (!type) continue;
    const names = decl.childrenForFieldName('name');
    if (names.length > 0) {
      for (const n of names) fields.push({ name: n.text, nameNode: n, type, embedded: false });
      continue;
    }
    let base = type;
    while (base.type === 'pointer_type' && base.namedChild(0)) base = base.namedChild(0)!;
    if (base.type === 'generic_type') base = base.childForFieldName('type') ?? base;
    const name = base.type === 'qualified_type' ? base.childForFieldName('name')?.text : base.text;
    if (name) fields.push({ name, nameNode: type, type, embedded: true });
  }
  return fields;
}

/** The declared type of field `name` of a value of type `owner` (a struct of this package, or a
 * pointer to one). Fields promoted from embedded structs are not followed. */
export function fieldType(pkg: GoPackage, owner: TypeRef, name: string): TypeRef | undefined {
  const struct = structType(pkg, owner);
  if (!struct) return undefined;
  const field = structFields(struct.node).find((f) => f.name === name);
  return field ? typeRef(struct.file, field.type) : undefined;
}

/** The type_spec (or type_alias) declaring a package-level type name, with its file. */
export function localTypeSpec(pkg: GoPackage, name: string): { file: SourceFile; node: Node } | undefined {
  const decl = packageDecl(pkg, name);
  if (!decl || decl.binding.kind !== 'type') return undefined;
  const spec = decl.binding.node.parent;
  return spec ? { file: decl.file, node: spec } : undefined;
}

function typeOfName(pkg: GoPackage, file: SourceFile, ident: Node, depth: number): TypeRef | undefined {
  const found = resolveInPackage(pkg, file, ident);
  if (!found) return undefined;
  const { binding } = found;
  const decl = binding.node;
  const parent = decl.parent;
  if (!parent) return undefined;
  switch (binding.kind) {
    case 'param':
    case 'receiver':
    case 'result':
      return parent.type === 'parameter_declaration' ? typeRef(found.file, parent.childForFieldName('type')) : undefined;
    case 'var':
      return typeOfVar(pkg, found.file, decl, depth);
    case 'range':
      return typeOfRangeVar(pkg, found.file, decl, depth);
    default:
      return undefined;
  }
}

/** `var x T`, `var x = e`, `x := e`, `a, b := e1, e2`. */
function typeOfVar(pkg: GoPackage, file: SourceFile, decl: Node, depth: number): TypeRef | undefined {
  const parent = decl.parent!;
  if (parent.type === 'var_spec') {
    const declared = parent.childForFieldName('type');
    if (declared) return typeRef(file, declared);
    const names = parent.childrenForFieldName('name');
    const values = parent.childForFieldName('value')?.namedChildren ?? [];
    const value = names.length === values.length ? values[names.findIndex((n) => n.id === decl.id)] : undefined;
    return value ? typeOf(pkg, file, value, depth + 1) : undefined;
  }
  if (parent.type === 'expression_list' && parent.parent?.type === 'short_var_declaration') {
    const names = parent.namedChildren;
    const values = parent.parent.childForFieldName('right')?.namedChildren ?? [];
    const value = names.length === values.length ? values[names.findIndex((n) => n.id === decl.id)] : undefined;
    return value ? typeOf(pkg, file, value, depth + 1) : undefined;
  }
  return undefined;
}

/** The value variable of `for _, v := range xs` when the type of xs is evident. */
function typeOfRangeVar(pkg: GoPackage, file: SourceFile, decl: Node, depth: number): TypeRef | undefined {
  const list = decl.parent;
  const clause = list?.parent;
  if (list?.type !== 'expression_list' || clause?.type !== 'range_clause') return undefined;
  if (list.namedChildren.length !== 2 || list.namedChild(1)?.id !== decl.id) return undefined;
  const right = clause.childForFieldName('right');
  const container = right ? typeOf(pkg, file, right, depth + 1) : undefined;
  return container && !container.pointer ? elementType(pkg, container) : undefined;
}

/** The element type of a slice, array or map type (the value type for a map). */
function elementType(pkg: GoPackage, container: TypeRef): TypeRef | undefined {
  const u = underlying(pkg, container);
  if (u.node.type === 'slice_type' || u.node.type === 'array_type') return typeRef(u.file, u.node.childForFieldName('element'));
  if (u.node.type === 'map_type') return typeRef(u.file, u.node.childForFieldName('value'));
  return undefined;
}

function typeOfCall(pkg: GoPackage, file: SourceFile, call: Node): TypeRef | undefined {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  if (callee?.type !== 'identifier') return undefined;
  if ((callee.text === 'new' || callee.text === 'make') && !resolveInPackage(pkg, file, callee)) {
    const t = typeRef(file, args[0]);
    if (!t) return undefined;
    if (callee.text === 'make') return t;
    return t.pointer ? undefined : { ...t, pointer: true };
  }
  const found = resolveInPackage(pkg, file, callee);
  if (found?.binding.kind !== 'func') return undefined;
  const fn = found.binding.node.parent;
  const result = fn?.type === 'function_declaration' ? fn.childForFieldName('result') : null;
  if (!result) return undefined;
  if (result.type !== 'parameter_list') return typeRef(found.file, result);
  const params = result.namedChildren.filter((c) => c.type === 'parameter_declaration');
  if (params.length !== 1 || params[0]!.childrenForFieldName('name').length > 1) return undefined;
  return typeRef(found.file, params[0]!.childForFieldName('type'));
}

/** A bare type name: `T` as a type, or read as an expression (`new(T)`). */
function isTypeName(node: Node): boolean {
  return node.type === 'type_identifier' || node.type === 'identifier';
}

/** Whether the file itself declares the type name, which then hides a dot-imported one. */
function localTypeName(file: SourceFile, node: Node): boolean {
  return file.tree.rootNode.namedChildren.some(
    (top) => top.type === 'type_declaration' && top.descendantsOfType(['type_spec', 'type_alias']).some((s) => s.childForFieldName('name')?.text === node.text),
  );
}

/**
 * If `call` is `x.M(...)` where x evidently has the imported type `path.typeName` (or a pointer to
 * it), returns `M` and the receiver expression. `wg.Done()` for a `var wg sync.WaitGroup`, say.
 */
export function methodCallOn(pkg: GoPackage, file: SourceFile, call: Node, path: string, typeName: string): { method: string; receiver: Node } | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'selector_expression') return undefined;
  const receiver = callee.childForFieldName('operand');
  const method = callee.childForFieldName('field')?.text;
  if (!receiver || !method) return undefined;
  return isImportedType(typeOf(pkg, file, receiver), path, typeName) ? { method, receiver } : undefined;
}
