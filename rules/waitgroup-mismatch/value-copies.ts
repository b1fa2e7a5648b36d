import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';
import { isImportedType, structFields, structType, typeOf, typeRef, type TypeRef } from '../../src/analysis/type-of.js';
import { calledMethod, type MethodSpec } from './typed-calls.js';

/**
 * Where a value of a type that must not be copied after first use (sync.WaitGroup, sync.Mutex) is
 * copied: a parameter or receiver of that type, or of a struct of this package holding one by value
 * whose methods the function calls through it; a range value variable; `x := y`, `x := *p`. Each
 * question takes the type (import path and name) and the methods whose use through a holder makes
 * the copy matter (a value receiver that never touches its WaitGroup copies it harmlessly).
 */

export interface Copy {
  /** 'direct': the value itself is copied; 'holder': a struct holding it by value. */
  kind: 'direct' | 'holder';
  /** The copied type as written (`sync.WaitGroup`, `shard`). */
  typeText: string;
}

/** A parameter (or receiver) declaration whose value is a copy; results are not asked about. */
export function parameterCopy(pkg: GoPackage, file: SourceFile, param: Node, guarded: MethodSpec): Copy | undefined {
  const list = param.parent;
  if (list && list.parent?.childForFieldName('result')?.id === list.id) return undefined;
  const ref = typeRef(file, param.childForFieldName('type'));
  if (!ref || ref.pointer) return undefined;
  if (isImportedType(ref, guarded.path, guarded.name, false)) return { kind: 'direct', typeText: ref.node.text };
  const fields = guardedFields(pkg, ref, guarded);
  const names = param.childrenForFieldName('name');
  return names.some((n) => usesMethodSpecField(file, n, fields, guarded)) ? { kind: 'holder', typeText: ref.node.text } : undefined;
}

/** The value variable of a range clause, when it copies the value (or a holder it uses it through). */
export function rangeCopy(pkg: GoPackage, file: SourceFile, clause: Node, guarded: MethodSpec): (Copy & { variable: Node }) | undefined {
  const left = clause.childForFieldName('left');
  const variable = left?.type === 'expression_list' && left.namedChildCount === 2 ? left.namedChild(1) : undefined;
  if (variable?.type !== 'identifier' || variable.text === '_') return undefined;
  const ref = typeOf(pkg, file, variable);
  if (!ref || ref.pointer) return undefined;
  if (isImportedType(ref, guarded.path, guarded.name, false)) return { kind: 'direct', typeText: ref.node.text, variable };
  return usesMethodSpecField(file, variable, guardedFields(pkg, ref, guarded), guarded) ? { kind: 'holder', typeText: ref.node.text, variable } : undefined;
}

/** The targets of a `:=`, `=` or var spec that receive a copy of an existing value (`wg2 := s.wg`,
 * `v := *p`), with the source copied; fresh values (`sync.WaitGroup{}`) are not copies. A struct of
 * this package holding one by value (`snap := *srv`) counts when the copy's own WaitGroup is used
 * (`snap.wg.Wait()`): a copy that never touches it is harmless. */
export function assignmentCopies(pkg: GoPackage, file: SourceFile, decl: Node, guarded: MethodSpec): Array<Copy & { target: Node; source: Node }> {
  const isSpec = decl.type === 'var_spec';
  const left = isSpec ? decl.childrenForFieldName('name') : (decl.childForFieldName('left')?.namedChildren ?? []);
  const right = decl.childForFieldName(isSpec ? 'value' : 'right')?.namedChildren ?? [];
  if (left.length !== right.length) return [];
  if (decl.type === 'assignment_statement' && decl.childForFieldName('operator')?.text !== '=') return [];
  const copies: Array<Copy & { target: Node; source: Node }> = [];
  left.forEach((target, i) => {
    const source = unparen(right[i]!);
    if (target.text === '_') return;
    if (copiesValue(pkg, file, source, guarded)) return copies.push({ kind: 'direct', typeText: 'sync.WaitGroup', target, source });
    const holder = target.type === 'identifier' ? copiedHolder(pkg, file, source, guarded) : undefined;
    if (holder && usesMethodSpecField(file, target, holder.fields, guarded)) copies.push({ kind: 'holder', typeText: holder.typeText, target, source });
  });
  return copies;
}

/** A returned expression that copies an existing value: the WaitGroup itself or a holder struct of
 * this package (`return *s`, `return p.shards[0]`), or a local holder whose WaitGroup was already
 * used before the return (`s.wg.Add(1); go s.run(); return s`). */
export function returnCopy(pkg: GoPackage, file: SourceFile, expr: Node, guarded: MethodSpec): Copy | undefined {
  const e = unparen(expr);
  if (e.type === 'identifier') {
    const ref = typeOf(pkg, file, e);
    if (!ref || ref.pointer) return undefined;
    const direct = isImportedType(ref, guarded.path, guarded.name, false);
    const fields = direct ? [] : guardedFields(pkg, ref, guarded);
    if (!direct && fields.length === 0) return undefined;
    const binding = resolve(file, e);
    if (!binding || binding.kind !== 'var') return undefined;
    const usedBefore = references(file, binding).some((use) => use.startIndex < e.startIndex && (direct ? guarded.methods.has(calledMethod(use) ?? '') : usesField(use, fields, guarded)));
    return usedBefore ? { kind: direct ? 'direct' : 'holder', typeText: ref.node.text } : undefined;
  }
  if (copiesValue(pkg, file, e, guarded)) return { kind: 'direct', typeText: 'sync.WaitGroup' };
  const holder = copiedHolder(pkg, file, e, guarded);
  return holder ? { kind: 'holder', typeText: holder.typeText } : undefined;
}

/** `*p`, `x.f`, `xs[i]` (not a plain variable) whose value is a holder struct: the struct's type and
 * its guarded fields. */
function copiedHolder(pkg: GoPackage, file: SourceFile, v: Node, guarded: MethodSpec): { typeText: string; fields: string[] } | undefined {
  let ref: TypeRef | undefined;
  if (v.type === 'unary_expression' && v.childForFieldName('operator')?.text === '*') {
    const operand = v.childForFieldName('operand');
    const inner = operand ? typeOf(pkg, file, operand) : undefined;
    ref = inner?.pointer ? { ...inner, pointer: false } : undefined;
  } else if (v.type === 'identifier' || v.type === 'selector_expression' || v.type === 'index_expression') {
    const t = typeOf(pkg, file, v);
    ref = t && !t.pointer ? t : undefined;
  }
  const fields = ref ? guardedFields(pkg, ref, guarded) : [];
  return ref && fields.length > 0 ? { typeText: ref.node.text, fields } : undefined;
}

function copiesValue(pkg: GoPackage, file: SourceFile, v: Node, guarded: MethodSpec): boolean {
  if (v.type === 'unary_expression' && v.childForFieldName('operator')?.text === '*') {
    const operand = v.childForFieldName('operand');
    return operand !== null && isImportedType(typeOf(pkg, file, operand), guarded.path, guarded.name, true);
  }
  if (v.type !== 'identifier' && v.type !== 'selector_expression' && v.type !== 'index_expression') return false;
  return isImportedType(typeOf(pkg, file, v), guarded.path, guarded.name, false);
}

/** The names of a struct's fields that hold the guarded type by value; an embedded one by its type name. */
function guardedFields(pkg: GoPackage, ref: TypeRef, guarded: MethodSpec): string[] {
  const struct = structType(pkg, ref);
  if (!struct) return [];
  return structFields(struct.node)
    .filter((f) => isImportedType(typeRef(struct.file, f.type), guarded.path, guarded.name, false))
    .map((f) => f.name);
}

/** Whether some use of the variable declared by `name` calls `v.field.M()` (or the promoted `v.M()`)
 * for a guarded field and method. */
function usesMethodSpecField(file: SourceFile, name: Node, fields: string[], guarded: MethodSpec): boolean {
  if (fields.length === 0) return false;
  const binding = resolve(file, name);
  if (!binding) return false;
  return references(file, binding).some((use) => usesField(use, fields, guarded));
}

/** Whether a use of a holder variable calls `v.field.M()` (or the promoted `v.M()`). */
function usesField(use: Node, fields: string[], guarded: MethodSpec): boolean {
  const sel = use.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.id !== use.id) return false;
  const field = sel.childForFieldName('field')?.text ?? '';
  if (fields.includes(guarded.name) && guarded.methods.has(field) && calledMethod(use) !== undefined) return true;
  return fields.includes(field) && guarded.methods.has(calledMethod(sel) ?? '');
}

/** The names of the package's struct types that hold the guarded type by value (`type Server struct {
 * wg sync.WaitGroup }`): a file that never spells WaitGroup can still copy one of them. */
export function holderTypeNames(pkg: GoPackage, guarded: MethodSpec): string[] {
  const names: string[] = [];
  for (const file of pkg.files) {
    if (!file.text.includes(guarded.name)) continue;
    for (const decl of file.tree.rootNode.namedChildren) {
      if (decl.type !== 'type_declaration') continue;
      for (const spec of decl.namedChildren) {
        const name = spec.type === 'type_spec' ? spec.childForFieldName('name')?.text : undefined;
        const type = spec.childForFieldName('type');
        if (!name || type?.type !== 'struct_type') continue;
        const holds = structFields(type).some((f) => isImportedType(typeRef(file, f.type), guarded.path, guarded.name, false));
        if (holds) names.push(name);
      }
    }
  }
  return names;
}
