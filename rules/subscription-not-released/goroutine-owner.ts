import type { Node } from 'web-tree-sitter';
import type { Lifetime } from '../../src/analysis/lifetime-walk.js';
import { roleOf } from '../../src/analysis/ownership.js';
import { ancestors, enclosingFunction, statementsOf, unparen } from '../../src/analysis/syntax.js';
import { methodCalledOn, RELEASES } from './subscribe-call.js';

/**
 * A subscription whose only way out of the function is a capture by goroutines it starts
 * (`go func() { for { select { case ev := <-ch: ... } } }()`): the goroutine owns it, and if nothing
 * there releases it or hands it on, it outlives the goroutine.
 */

/** Whether every use that takes ownership is a capture by a function literal started with `go`. */
export function startedGoroutinesOnly(life: Lifetime, fn: Node): boolean {
  const transfers = life.uses.filter((u) => u.role === 'transfer');
  return transfers.length > 0 && life.uses.every((u) => u.role !== 'release' && u.role !== 'deferred-release') && transfers.every((u) => startedLiteral(u.node, fn));
}

/** Whether some use, anywhere, releases the subscription or hands it on from inside its literal. */
export function releasedByGoroutine(life: Lifetime): boolean {
  return life.uses.some((u) => {
    const method = methodCalledOn(u.node);
    if (method) return RELEASES.has(method) || method === 'Err' && receivedHere(u.node);
    if (u.node.parent?.type === 'selector_expression') return false;
    const inner = enclosingFunction(u.node);
    return inner !== undefined && roleOf(u.node, inner) === 'transfer';
  });
}

/** `<-sub.Err()`: the error channel delivers once the subscription has ended. */
function receivedHere(use: Node): boolean {
  const call = use.parent?.parent;
  let node = call;
  while (node?.parent?.type === 'parenthesized_expression') node = node.parent;
  return node?.parent?.type === 'unary_expression' && node.parent.child(0)?.type === '<-';
}

/** Whether the outermost function literal between the use and `fn` is started by a `go` statement. */
function startedLiteral(use: Node, fn: Node): boolean {
  const chain = ancestors(use);
  for (let i = 0; i < chain.length; i++) {
    const n = chain[i]!;
    if (n.type !== 'func_literal' || enclosingFunction(n)?.id !== fn.id) continue;
    let call = n.parent;
    while (call?.type === 'parenthesized_expression') call = call.parent;
    return call?.type === 'call_expression' && unparen(call.childForFieldName('function')!).id === n.id && call.parent?.type === 'go_statement';
  }
  return false;
}

/**
 * Whether a goroutine's literal never returns while its events keep coming: it has no return of its
 * own, and a loop among its statements that nothing leaves: `for {}` or a range over a channel that
 * `ranges` accepts (the subscription's `Out()`, or the channel the subscription fills), which ends
 * only when that channel is closed. Such a goroutine drains the channel for as long as the feed
 * lives, so nothing blocks; what it holds is held once, not per return.
 */
export function drainsForever(lit: Node, ranges: (operand: Node) => boolean): boolean {
  const body = lit.childForFieldName('body');
  if (!body || body.descendantsOfType('return_statement').some((r) => enclosingFunction(r)?.id === lit.id)) return false;
  return statementsOf(body).some((s) => s.type === 'for_statement' && endless(s, lit, ranges));
}

/** The `go func() { ... }()` literals started directly by `fn`. */
export function startedLiterals(fn: Node): Node[] {
  return fn.descendantsOfType('go_statement').flatMap((g) => {
    if (enclosingFunction(g)?.id !== fn.id) return [];
    const call = g.namedChildren.find((c) => c.type === 'call_expression');
    const callee = call?.childForFieldName('function');
    const lit = callee ? unparen(callee) : undefined;
    return lit?.type === 'func_literal' ? [lit] : [];
  });
}

/** The literal started with `go` that holds the use (the outermost literal below `fn`), if any. */
export function startedLiteralOf(use: Node, fn: Node): Node | undefined {
  const chain = ancestors(use);
  for (const n of chain) {
    if (n.type !== 'func_literal' || enclosingFunction(n)?.id !== fn.id) continue;
    return startedLiteral(use, fn) ? n : undefined;
  }
  return undefined;
}

function endless(loop: Node, lit: Node, ranges: (operand: Node) => boolean): boolean {
  const clause = loop.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  if (clause) {
    const right = clause.type === 'range_clause' ? clause.childForFieldName('right') : null;
    if (!right || !ranges(unparen(right))) return false;
  }
  const body = loop.childForFieldName('body');
  if (!body) return false;
  const jumps = body.descendantsOfType(['break_statement', 'goto_statement']);
  return jumps.every((j) => enclosingFunction(j)?.id !== lit.id || (j.type === 'break_statement' && !j.namedChild(0) && breaksInner(j, loop)));
}

/** Whether an unlabelled break leaves a for, switch or select inside `loop` rather than `loop`. */
function breaksInner(brk: Node, loop: Node): boolean {
  for (let n = brk.parent; n && n.id !== loop.id; n = n.parent) {
    if (/^(for_statement|expression_switch_statement|type_switch_statement|select_statement)$/.test(n.type)) return true;
  }
  return false;
}
