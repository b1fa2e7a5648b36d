import type { Node } from 'web-tree-sitter';
import { packageMember } from './imports.js';
import type { SourceFile } from './source.js';
import { unparen } from './syntax.js';

/** What the fields of a struct value are given: in its composite literal, or later by `x.f = v`; and
 * whether a duration given to one is zero (for timeouts: none). Shared by the rules that judge
 * configuration structs (http.Client, net.Dialer). */

/** The values of a composite literal by field name; `positional` names an unkeyed literal's fields. */
export function literalFields(lit: Node, positional: string[]): Map<string, Node> {
  const fields = new Map<string, Node>();
  const elements = (lit.childForFieldName('body')?.namedChildren ?? []).filter((e) => e.type !== 'comment');
  elements.forEach((el, i) => {
    const key = el.type === 'keyed_element' ? el.childForFieldName('key')?.text : positional[i];
    const value = el.type === 'keyed_element' ? el.childForFieldName('value') : el;
    const expr = value?.type === 'literal_element' ? value.namedChild(0) : value;
    if (key && expr) fields.set(key, expr);
  });
  return fields;
}

/** `x.field = ...` with `x` the given node. */
export function fieldAssigned(x: Node, field: string): boolean {
  const sel = x.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.id !== x.id || sel.childForFieldName('field')?.text !== field) return false;
  const list = sel.parent;
  const stmt = list?.parent;
  return list?.type === 'expression_list' && stmt?.type === 'assignment_statement' && stmt.childForFieldName('left')?.id === list.id;
}

/** `0`, `0 * time.Second`, `time.Duration(0)`: a zero duration, which for these fields means none. */
export function isZeroDuration(file: SourceFile, expr: Node): boolean {
  const e = unparen(expr);
  if (e.type === 'int_literal' || e.type === 'float_literal') return Number(e.text.replace(/_/g, '')) === 0;
  if (e.type === 'binary_expression' && e.childForFieldName('operator')?.text === '*') {
    return [e.childForFieldName('left'), e.childForFieldName('right')].some((o) => o !== null && isZeroDuration(file, o));
  }
  if (e.type !== 'call_expression') return false;
  const callee = e.childForFieldName('function');
  const args = e.childForFieldName('arguments')?.namedChildren ?? [];
  return callee !== null && packageMember(file, callee, ['time']) === 'Duration' && args.length === 1 && isZeroDuration(file, args[0]!);
}

/** A composite literal with an element that names no field (`T{a, b}`): which fields it sets depends on the
 * order of the struct's declaration, which for an imported type may change between releases. */
export function hasUnkeyedElement(lit: Node): boolean {
  return (lit.childForFieldName('body')?.namedChildren ?? []).some((e) => e.type !== 'keyed_element' && e.type !== 'comment');
}

/** The literal with any `&` and parentheses around it: the expression whose value is followed. */
export function literalExpression(lit: Node): Node {
  let n = lit;
  for (let p = n.parent; p; p = n.parent) {
    if (p.type === 'parenthesized_expression' || (p.type === 'unary_expression' && p.childForFieldName('operator')?.text === '&')) n = p;
    else break;
  }
  return n;
}
