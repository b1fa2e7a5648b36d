import type { Node } from 'web-tree-sitter';

/** What the fields of a struct value are given: in its composite literal, or later by `x.f = v`. */

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
