import type { Node } from 'web-tree-sitter';
import type { Acquisition, LifetimeRow, Touch } from '../../src/analysis/lifetime.js';
import { roleOf, type Role } from '../../src/analysis/ownership.js';
import { declaringFunction, references, resolve, type Binding } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';
import type { SourceFile } from '../../src/rule-api.js';

/**
 * The row of the lifetime table for the cancel function of `ctx, cancel := context.WithX(...)`: result 1
 * of 2, released by calling it (`cancel()`, deferred or not); passing `cancel` itself hands it on. What
 * else releases the child context on a path (the row's alsoReleases):
 *  - a nil check of cancel (`if cancel != nil { cancel() }` runs where cancel may be unassigned, and the
 *    nil branch is not this context's path; go vet counts it too);
 *  - receiving from the Done channel of the parent or of the child, which is closed only once the child
 *    is cancelled and detached (`case <-ctx.Done(): return`);
 *  - a call of the cancel function under another name (`stop := (func())(cancel)`; `stop()`).
 */

export type LocalAcquisition = Extract<Acquisition, { kind: 'local' }>;

export interface CancelUse {
  node: Node;
  role: Role;
}

/** `cancel()` releases; any other use is the cancel function itself, which the walk follows. */
function touch(use: Node): Touch {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const call = node.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.id === node.id ? { kind: 'release' } : { kind: 'handle', node: use };
}

/** The row for one WithX call whose uses (through aliases) and contexts are known. */
export function cancelRow(file: SourceFile, uses: readonly CancelUse[], contexts: readonly Node[]): LifetimeRow {
  let nodes: Node[] | undefined;
  const alsoReleases = () => {
    if (nodes) return nodes;
    nodes = uses.filter((u) => u.role === 'call' || u.role === 'deferred-call').map((u) => u.node);
    for (const u of uses) if (u.role === 'nil-check') nodes.push(u.node.parent!);
    for (const c of contexts) {
      const b = resolve(file, c);
      if (b) nodes.push(...doneReceives(file, b));
    }
    return nodes;
  };
  return { result: 1, results: 2, touch, alsoReleases };
}

/** The row as acquisitionOf needs it, before the uses are known. */
export const CANCEL_SHAPE: LifetimeRow = { result: 1, results: 2, touch };

/** `<-c.Done()` (its unary expression) for each use `c` of the context variable. */
function doneReceives(file: SourceFile, context: Binding): Node[] {
  const found: Node[] = [];
  for (const use of references(file, context)) {
    let target = use;
    while (target.parent?.type === 'parenthesized_expression') target = target.parent;
    const selector = target.parent;
    if (selector?.type !== 'selector_expression' || selector.childForFieldName('field')?.text !== 'Done') continue;
    let call: Node | null = selector.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== selector.id) continue;
    while (call.parent?.type === 'parenthesized_expression') call = call.parent;
    const recv = call.parent;
    if (recv?.type === 'unary_expression' && recv.child(0)?.type === '<-' && recv.childForFieldName('operand')?.id === call.id) found.push(recv);
  }
  return found;
}

/** The uses of the cancel variable with their roles, a conversion to a function type seen through. */
export function cancelUses(file: SourceFile, acq: LocalAcquisition): CancelUse[] {
  return references(file, acq.binding)
    .filter((u) => u.id !== acq.target.id)
    .flatMap((u) => rolesThrough(file, acq.fn, u));
}

/**
 * The roles of one use, seen through a conversion to a function type: `stop := (func())(cancel)` makes
 * `stop` the cancel function under another name, so the uses of `stop` are what happens to it.
 */
function rolesThrough(file: SourceFile, fn: Node, use: Node): CancelUse[] {
  const alias = conversionAlias(file, fn, use);
  if (!alias) return [{ node: use, role: roleOf(use, fn) }];
  return references(file, alias)
    .filter((u) => u.id !== alias.node.id)
    .map((u) => ({ node: u, role: roleOf(u, fn) }))
    .filter((r) => r.role !== 'write');
}

/** The local variable declared or assigned by `v := (func())(use)` / `var v = F(use)` for a conversion to a
 * function type. */
function conversionAlias(file: SourceFile, fn: Node, use: Node): Binding | undefined {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const conversion = node.parent;
  if (conversion?.type !== 'type_conversion_expression' || conversion.childForFieldName('operand')?.id !== node.id) return undefined;
  let type = conversion.childForFieldName('type');
  while (type?.type === 'parenthesized_type' && type.namedChild(0)) type = type.namedChild(0);
  if (type?.type !== 'function_type') return undefined;
  const list = conversion.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || list.namedChildCount !== 1 || !owner) return undefined;
  let left: Node | null | undefined;
  if (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') {
    if (owner.childForFieldName('right')?.id !== list.id) return undefined;
    left = owner.childForFieldName('left')?.namedChildren[0];
  } else if (owner.type === 'var_spec') {
    left = owner.childrenForFieldName('name')[0];
  }
  if (left?.type !== 'identifier') return undefined;
  const binding = resolve(file, left);
  return binding && declaringFunction(binding)?.id === fn.id ? binding : undefined;
}

/** The left-hand side receiving the child context (`ctx` of `ctx, cancel := ...`), and the contexts whose
 * Done channel closing proves the child released: the child and the parent argument, when they are names. */
export function contextsOf(acq: LocalAcquisition): { child: Node | undefined; contexts: Node[] } {
  let node = acq.target;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const holder = node.parent;
  const child = holder?.type === 'expression_list' ? holder.namedChild(0) : holder?.type === 'var_spec' ? holder.childrenForFieldName('name')[0] : undefined;
  const parentArg = acq.call.childForFieldName('arguments')?.namedChild(0);
  const contexts = [...(child ? [child] : []), ...(parentArg ? [unparen(parentArg)] : [])].filter((n) => n.type === 'identifier');
  return { child: child ?? undefined, contexts };
}
