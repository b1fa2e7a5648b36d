import type { Node } from 'web-tree-sitter';
import { defineFact } from '../../src/analysis/fact-store.js';
import { packageReferences } from '../../src/analysis/package-scope.js';
import { nodesSpelled } from '../../src/analysis/text-search.js';
import type { GoPackage } from '../../src/analysis/source.js';
import { unparen } from '../../src/analysis/syntax.js';

/**
 * A cancel function kept for later, in a struct field (`s.cancel = cancel`, `s.ctx, s.cancel =
 * context.WithCancel(...)`, `&svc{cancel: cancel}`) or a package variable. Its owner is meant to call
 * it when it shuts down; if nothing in the package ever reads the field or variable again (a call
 * `s.cancel()`, passing it on, returning it, copying it out), nobody can. An unexported name is
 * visible only inside the package, so looking at every file of the package is the whole answer;
 * an exported one may be called elsewhere and is left alone.
 */

/** The unexported field a store writes: `x.f` on the left of an assignment, or `f:` in a keyed literal. */
export function storedField(target: Node): string | undefined {
  const t = unparen(target);
  const name = t.type === 'selector_expression' ? t.childForFieldName('field')?.text : undefined;
  return name && isUnexported(name) ? name : undefined;
}

/** The field a use of a local variable stores it into, for `x.f = v`, `x.a, x.f = a, v` or `T{f: v}`;
 * undefined for any other use. */
export function fieldStoredInto(use: Node): string | undefined {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'literal_element' && parent.parent?.type === 'keyed_element') {
    const keyed = parent.parent;
    if (keyed.childForFieldName('value')?.id !== parent.id) return undefined;
    const key = keyed.childForFieldName('key')?.namedChild(0);
    return key?.type === 'identifier' && isUnexported(key.text) ? key.text : undefined;
  }
  if (parent?.type !== 'expression_list') return undefined;
  const owner = parent.parent;
  if (owner?.type !== 'assignment_statement' || owner.childForFieldName('right')?.id !== parent.id) return undefined;
  const left = owner.childForFieldName('left')?.namedChildren ?? [];
  const index = parent.namedChildren.findIndex((c) => c.id === node.id);
  if (left.length !== parent.namedChildCount) return undefined;
  const target = left[index];
  return target ? storedField(target) : undefined;
}

/** Whether some selector `.name` in the package is anything but the target of an assignment: a call,
 * an argument, a return value, a copy, a nil check. A method of that name counts too. */
export function fieldRead(pkg: GoPackage, name: string): boolean {
  // Asked once per stored cancel: a package with many of them scans its text once per field name.
  const known = pkg.store.get(FIELDS_READ, pkg);
  let read = known.get(name);
  if (read === undefined) known.set(name, (read = scanFieldRead(pkg, name)));
  return read;
}

const FIELDS_READ = defineFact<GoPackage, Map<string, boolean>>('lost-cancel-fields-read', () => new Map());

function scanFieldRead(pkg: GoPackage, name: string): boolean {
  for (const file of pkg.files) {
    for (const field of nodesSpelled(file, name, ['field_identifier'])) {
      const selector = field.parent;
      if (selector?.type === 'field_declaration') continue;
      if (selector?.type !== 'selector_expression') return true;
      if (!isAssigned(selector)) return true;
    }
  }
  return false;
}

/** Whether the unexported package variable `name` is read anywhere in the package. */
export function packageVarRead(pkg: GoPackage, name: string): boolean {
  if (!isUnexported(name)) return true;
  return packageReferences(pkg, name).some((ref) => !isAssigned(ref.node));
}

function isAssigned(node: Node): boolean {
  let n = node;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const list = n.parent;
  if (list?.type !== 'expression_list') return false;
  const owner = list.parent;
  return (owner?.type === 'assignment_statement' && owner.childForFieldName('left')?.id === list.id && owner.child(1)?.text === '=');
}

function isUnexported(name: string): boolean {
  return /^[a-z_]/.test(name) && name !== '_';
}
