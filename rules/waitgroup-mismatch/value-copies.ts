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
 * `v := *p`), with the source copied; fresh values (`sync.WaitGroup{}`) are not copies. */
export function assignmentCopies(pkg: GoPackage, file: SourceFile, decl: Node, guarded: MethodSpec): Array<{ target: Node; source: Node }> {
  const isSpec = decl.type === 'var_spec';
  const left = isSpec ? decl.childrenForFieldName('name') : (decl.childForFieldName('left')?.namedChildren ?? []);
  const right = decl.childForFieldName(isSpec ? 'value' : 'right')?.namedChildren ?? [];
  if (left.length !== right.length) return [];
  const copies: Array<{ target: Node; source: Node }> = [];
  left.forEach((target, i) => {
    const source = unparen(right[i]!);
    if (target.text !== '_' && copiesValue(pkg, file, source, guarded)) copies.push({ target, source });
  });
  return copies;
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
  const embedded = fields.includes(guarded.name);
  return references(file, binding).some((use) => {
    const sel = use.parent;
    if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.id !== use.id) return false;
    const field = sel.childForFieldName('field')?.text ?? '';
    if (embedded && guarded.methods.has(field) && calledMethod(use) !== undefined) return true;
    return fields.includes(field) && guarded.methods.has(calledMethod(sel) ?? '');
  });
}
