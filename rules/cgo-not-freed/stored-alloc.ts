import type { Node } from 'web-tree-sitter';
import { argumentsOf } from '../../src/analysis/calls.js';
import { declaringFunction, references, resolve } from '../../src/analysis/scopes.js';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';
import { nodesSpelled } from '../../src/analysis/text-search.js';
import { enclosingFunction, unparen } from '../../src/analysis/syntax.js';
import { fieldType, typeOf } from '../../src/analysis/type-of.js';
import { cFunction, isReleasingC, pointerAround, type CgoFile } from './cgo-row.js';

/**
 * C memory stored beyond a local variable, and whether anything can free it:
 *  - an element of a slice local to the function (`cNames[i] = C.CString(s)`, also `cNames =
 *    append(cNames, C.CString(s))`): freed when some use of the slice in the function frees an element
 *    (`C.free(unsafe.Pointer(cNames[i]))`, or a `range` over it whose value a releasing C call gets),
 *    or hands the slice on (a Go helper, a return, a field, another variable);
 *  - an unexported field of a struct type declared in the package, on a value whose type is evident
 *    (`w.name = C.CString(s)` in a method of w, or on `w := &W{}`): freed when
 *    some `.name` in the package is given to a releasing C call or a Go helper (a Close or Free method
 *    that frees it), returned, or assigned on.
 * Anything else (a C struct's field, an exported field, a package variable, a map) is trusted.
 */

export interface UnreleasedStore {
  /** How the message names the place: `the elements of cNames`, `field name`. */
  target: string;
  /** Why nobody frees it. */
  why: string;
}

/** The store's target when nothing visible frees it, undefined when something does (or we cannot tell). */
export function storeReleased(pkg: GoPackage, cx: CgoFile, target: Node): UnreleasedStore | undefined {
  const file = cx.file;
  const t = unparen(target);
  if (t.type === 'index_expression' || t.type === 'identifier') {
    const slice = t.type === 'index_expression' ? unparen(t.childForFieldName('operand') ?? t) : t;
    if (slice.type !== 'identifier') return undefined;
    const binding = resolve(file, slice);
    const fn = enclosingFunction(t);
    if (!binding || binding.kind !== 'var' || !fn || declaringFunction(binding)?.id !== fn.id) return undefined;
    if (references(file, binding).some((use) => elementFreedOrHandedOn(cx, use))) return undefined;
    return { target: `the elements of ${binding.name}`, why: 'and nothing in this function frees them or hands the slice on' };
  }
  if (t.type !== 'selector_expression') return undefined;
  const field = t.childForFieldName('field')?.text;
  const owner = t.childForFieldName('operand');
  if (!field || !owner || !/^[a-z_]/.test(field)) return undefined;
  // Only a field of a Go struct of this package, whose owner we can type: a C struct's field is the
  // C side's to free with the struct.
  const type = typeOf(pkg, file, owner);
  if (!type || !fieldType(pkg, type, field)) return undefined;
  for (const f of pkg.files) {
    for (const ident of nodesSpelled(f, field, ['field_identifier'])) {
      const selector = ident.parent;
      if (selector?.type === 'selector_expression' && selector.childForFieldName('field')?.id === ident.id && fieldReleases({ file: f, preamble: cx.preamble }, selector)) return undefined;
    }
  }
  return { target: `field ${field}`, why: 'which nothing in this package frees or hands on' };
}

/** `cNames = append(cNames, C.CString(s))`: the slice `cNames` the allocation is appended to. */
export function appendTarget(file: SourceFile, holder: Node): Node | undefined {
  const callee = holder.childForFieldName('function');
  if (callee?.type !== 'identifier' || callee.text !== 'append' || resolve(file, callee)) return undefined;
  const first = argumentsOf(holder)[0];
  const list = holder.parent;
  const owner = list?.parent;
  if (!first || list?.type !== 'expression_list' || (owner?.type !== 'assignment_statement' && owner?.type !== 'short_var_declaration')) return undefined;
  const left = owner.childForFieldName('left')?.namedChildren[list.namedChildren.findIndex((n) => n.id === holder.id)];
  return left && unparen(left).text === unparen(first).text ? left : undefined;
}

/** A use of the slice that frees one of its elements, ranges over it freeing the value, or hands it on. */
function elementFreedOrHandedOn(cx: CgoFile, use: Node): boolean {
  const file = cx.file;
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'index_expression' && parent.childForFieldName('operand')?.id === node.id) return givenToReleaser(cx, parent);
  if (parent.type === 'range_clause' && parent.childForFieldName('right')?.id === node.id) return rangeFrees(cx, parent);
  if (parent.type === 'return_statement' || parent.type === 'literal_element' || parent.type === 'keyed_element') return true;
  if (parent.type === 'expression_list') {
    const owner = parent.parent;
    if (owner?.type === 'return_statement') return true;
    if (owner?.type === 'assignment_statement' || owner?.type === 'short_var_declaration') {
      // On the right of an assignment other than `s = append(s, ...)`: another name holds it now.
      return owner.childForFieldName('right')?.id === parent.id;
    }
    return false;
  }
  if (parent.type === 'argument_list') {
    const call = parent.parent;
    if (call?.type !== 'call_expression') return false;
    const name = cFunction(file, call);
    if (name !== undefined) return isReleasingC(cx, name);
    const callee = call.childForFieldName('function');
    // append(s, x), len(s), copy(s, t) keep it here; any other Go function is a helper.
    return !(callee?.type === 'identifier' && ['append', 'len', 'cap', 'copy'].includes(callee.text));
  }
  return false;
}

/** `for _, s := range cNames { C.free(unsafe.Pointer(s)) }` (the value, or `cNames[i]` by the index). */
function rangeFrees(cx: CgoFile, clause: Node): boolean {
  const names = clause.childForFieldName('left')?.namedChildren ?? [];
  const loop = clause.parent;
  const body = loop?.childForFieldName('body');
  if (!body) return false;
  const value = names[1] ?? undefined;
  const binding = value?.type === 'identifier' ? resolve(cx.file, value) : undefined;
  return binding !== undefined && references(cx.file, binding).some((u) => givenToReleaser(cx, u));
}

/** Whether the expression (through pointer conversions) is an argument of a releasing C call or a Go helper. */
function givenToReleaser(cx: CgoFile, expr: Node): boolean {
  const pointer = pointerAround(cx, expr);
  const call = pointer.parent?.type === 'argument_list' ? pointer.parent.parent : null;
  if (call?.type !== 'call_expression') return false;
  const name = cFunction(cx.file, call);
  return name === undefined || isReleasingC(cx, name);
}

/** Whether a `.field` use frees it, hands it to a Go helper, returns it or assigns it on. */
function fieldReleases(cx: CgoFile, selector: Node): boolean {
  if (givenToReleaser(cx, selector)) return true;
  const pointer = pointerAround(cx, selector);
  const parent = pointer.parent;
  if (parent?.type === 'range_clause') return rangeFrees(cx, parent);
  if (parent?.type !== 'expression_list') return false;
  const owner = parent.parent;
  if (owner?.type === 'return_statement') return true;
  return (owner?.type === 'assignment_statement' || owner?.type === 'short_var_declaration') && owner.childForFieldName('right')?.id === parent.id;
}
