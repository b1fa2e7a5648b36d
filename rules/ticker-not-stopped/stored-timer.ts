import type { Node } from 'web-tree-sitter';
import type { GoPackage } from '../../src/analysis/source.js';
import { packageReferences } from '../../src/analysis/package-scope.js';
import { nodesSpelled } from '../../src/analysis/text-search.js';
import { ancestors, enclosingFunction, isFunction, unparen } from '../../src/analysis/syntax.js';

/**
 * A ticker or timer kept in an unexported field (`s.ticker = time.NewTicker(d)`) or package variable:
 * its owner is meant to stop it when it shuts down. If nothing in the package ever stops it or takes
 * it out (every other use is a store, `<-x.C` or `x.Reset(d)`), nobody can, and it keeps firing for
 * as long as its owner is reachable. An exported name may be stopped elsewhere and is left alone.
 */

/** The unexported field a store writes (`x.f = ...`), or undefined. */
export function storedField(target: Node): string | undefined {
  const t = unparen(target);
  const name = t.type === 'selector_expression' ? t.childForFieldName('field')?.text : undefined;
  return name && /^[a-z_]/.test(name) && name !== '_' ? name : undefined;
}

/** Whether some `.name` selector in the package stops the value or hands it on. */
export function fieldReleased(pkg: GoPackage, name: string): boolean {
  for (const file of pkg.files) {
    for (const field of nodesSpelled(file, name, ['field_identifier'])) {
      const selector = field.parent;
      if (selector?.type !== 'selector_expression') continue;
      if (releases(selector)) return true;
    }
  }
  return false;
}

/** Whether some reference of the unexported package variable stops it or hands it on. */
export function packageVarReleased(pkg: GoPackage, name: string): boolean {
  if (!/^[a-z_]/.test(name)) return true;
  return packageReferences(pkg, name).some((ref) => releases(ref.node));
}

/** A use that is not a store, `<-x.C`, `x.Reset(d)` or a nil check. */
function releases(expr: Node): boolean {
  let n = expr;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const parent = n.parent;
  if (!parent) return false;
  if (parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === n.id) {
    const method = parent.childForFieldName('field')?.text;
    return method !== 'C' && method !== 'Reset';
  }
  if (parent.type === 'binary_expression') return false;
  if (parent.type === 'expression_list') {
    const owner = parent.parent;
    if (owner?.type === 'assignment_statement' && owner.childForFieldName('left')?.id === parent.id) return false;
  }
  return true;
}

/**
 * Whether some loop in the package that never ends receives from the field's channel (`for range
 * x.f.C`, or `<-x.f.C` in a `for { ... }` that nothing leaves): that goroutine keeps the ticker, and
 * the value holding it, referenced for the life of the process, collected or not by Go 1.23's rules.
 */
export function fieldDrivesEndlessLoop(pkg: GoPackage, name: string): boolean {
  for (const file of pkg.files) {
    for (const field of nodesSpelled(file, name, ['field_identifier'])) {
      const selector = field.parent;
      const channel = selector?.parent;
      if (selector?.type !== 'selector_expression' || channel?.type !== 'selector_expression' || channel.childForFieldName('field')?.text !== 'C') continue;
      const loop = innermostLoop(channel);
      if (loop && loopsForever(loop, channel)) return true;
    }
  }
  return false;
}

function innermostLoop(node: Node): Node | undefined {
  for (const n of ancestors(node).reverse()) {
    if (isFunction(n)) return undefined;
    if (n.type === 'for_statement') return n;
  }
  return undefined;
}

/**
 * A `for range ch` over `channel` itself or a `for { ... }` without condition, whose body neither
 * returns nor breaks or jumps out of it (a ticker's channel is never closed, so ranging over it ends
 * only that way).
 */
export function loopsForever(loop: Node, channel: Node): boolean {
  const clause = loop.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  if (clause && !(clause.type === 'range_clause' && unparen(clause.childForFieldName('right') ?? clause).id === channel.id)) return false;
  const body = loop.childForFieldName('body');
  if (!body) return false;
  const fn = enclosingFunction(loop);
  const exits = body.descendantsOfType(['return_statement', 'break_statement', 'goto_statement']);
  return exits.every((e) => enclosingFunction(e)?.id !== fn?.id || (e.type === 'break_statement' && !e.namedChild(0) && breaksInner(e, loop)));
}

/** Whether an unlabelled break leaves a for, switch or select inside `loop` rather than `loop`. */
function breaksInner(brk: Node, loop: Node): boolean {
  for (const n of ancestors(brk).reverse()) {
    if (n.id === loop.id) return false;
    if (/^(for_statement|expression_switch_statement|type_switch_statement|select_statement)$/.test(n.type)) return true;
  }
  return false;
}
