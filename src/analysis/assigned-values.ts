import type { Node } from 'web-tree-sitter';
import type { SourceFile } from './source.js';
import { references, type Binding } from './scopes.js';

/**
 * What a variable is ever given in its file: "is this request always built with a context?", "is
 * this context only ever context.Background()?". Compound assignments (`+=`) are not values.
 */

/**
 * The expressions assigned to the variable: its declaration's value (if any) and the right side of
 * every `=` or `:=` that writes it, in source order. For `a, b := f()` the value is the call.
 * Undefined for a name that is not a variable (a parameter, a range variable); `var x T` gives no
 * value and adds nothing.
 */
export function assignedValues(file: SourceFile, binding: Binding): Node[] | undefined {
  if (binding.kind !== 'var') return undefined;
  const values: Node[] = [];
  for (const ident of [binding.node, ...references(file, binding)]) {
    const value = valueAssignedTo(ident);
    if (value) values.push(value);
  }
  return values;
}

/** The value that an expression on the left of an assignment, `:=` or var spec receives (`x`, or
 * `s.f` in `s.f = v`); undefined for any other position. */
export function valueAssignedTo(ident: Node): Node | undefined {
  const parent = ident.parent;
  if (parent?.type === 'var_spec') {
    const names = parent.childrenForFieldName('name');
    const values = parent.childForFieldName('value')?.namedChildren ?? [];
    return pick(values, names.findIndex((n) => n.id === ident.id), names.length);
  }
  if (parent?.type !== 'expression_list') return undefined;
  const owner = parent.parent;
  if (owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement') return undefined;
  if (owner.childForFieldName('left')?.id !== parent.id) return undefined;
  if (owner.type === 'assignment_statement' && owner.childForFieldName('operator')?.text !== '=') return undefined;
  const values = owner.childForFieldName('right')?.namedChildren ?? [];
  return pick(values, parent.namedChildren.findIndex((n) => n.id === ident.id), parent.namedChildCount);
}

function pick(values: Node[], index: number, names: number): Node | undefined {
  if (index < 0) return undefined;
  if (values.length === names) return values[index];
  return values.length === 1 ? values[0] : undefined;
}
