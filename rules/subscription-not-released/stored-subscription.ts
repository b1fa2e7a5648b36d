import type { Node } from 'web-tree-sitter';
import type { GoPackage } from '../../src/analysis/source.js';
import { nodesSpelled } from '../../src/analysis/text-search.js';
import { unparen } from '../../src/analysis/syntax.js';
import { methodCalledOn, RELEASES, SUBSCRIPTION_METHODS } from './subscribe-call.js';

/**
 * A subscription kept in an unexported field (`s.headSub = chain.SubscribeChainHeadEvent(s.headCh)`):
 * its owner is meant to release it where it shuts down (`s.headSub.Unsubscribe()` in Stop). If nothing
 * in the package releases it or takes it out of the field, nobody can. An exported field may be
 * released by another package and is left alone.
 */

/** The unexported field a store writes (`x.f = ...`), or undefined. */
export function storedField(target: Node): string | undefined {
  const t = unparen(target);
  const name = t.type === 'selector_expression' ? t.childForFieldName('field')?.text : undefined;
  return name && /^[a-z_]/.test(name) && name !== '_' ? name : undefined;
}

export interface FieldUses {
  /** Some `.f.Unsubscribe()` (or Close, Cancel), or `.f` handed on (passed, returned, assigned out). */
  released: boolean;
  /** Some `.f.Err()`, `.f.Out()`, ...: the field holds a subscription. */
  subscription: boolean;
  /** Some `.f.Out()`: a libp2p bus subscription, released by Close rather than Unsubscribe. */
  out: boolean;
}

/** What the `.name` selectors of the package do with the field. */
export function fieldUses(pkg: GoPackage, name: string): FieldUses {
  const uses: FieldUses = { released: false, subscription: false, out: false };
  for (const file of pkg.files) {
    for (const field of nodesSpelled(file, name, ['field_identifier'])) {
      const selector = field.parent;
      if (selector?.type !== 'selector_expression' || selector.childForFieldName('field')?.id !== field.id) continue;
      const method = methodCalledOn(selector);
      if (method && SUBSCRIPTION_METHODS.has(method)) {
        uses.subscription = true;
        uses.out ||= method === 'Out';
      }
      else if (releases(selector)) uses.released = true;
      if (uses.released) return uses;
    }
  }
  return uses;
}

/** A use that is not a store, a nil check or a method call other than a release. */
function releases(expr: Node): boolean {
  let n = expr;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const parent = n.parent;
  if (!parent) return false;
  if (parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === n.id) {
    const method = methodCalledOn(n);
    return method !== undefined && RELEASES.has(method);
  }
  if (parent.type === 'binary_expression') return false;
  if (parent.type === 'expression_list') {
    const owner = parent.parent;
    if (owner?.type === 'assignment_statement' && owner.childForFieldName('left')?.id === parent.id) return false;
  }
  return true;
}
