import type { Node } from 'web-tree-sitter';
import { skippingPath } from './exit-paths.js';
import { reachedWithout } from '../../src/analysis/flow.js';
import { calleeBody, goroutineBody } from './goroutines.js';
import { ancestors, contains, enclosingFunction, statementsOf } from '../../src/analysis/syntax.js';
import { uncountedAdd } from './uncounted-add.js';
import { ADDS, constantDelta, line, mentions } from './call-text.js';
import { isCallOn, typedCall, typedCallsIn, WAIT_GROUP, type TypedCall, type Where } from './typed-calls.js';
import { declaredInside, type Identity } from './value-identity.js';
import { nodeTable } from '../../src/analysis/fact-store.js';
import type { Diagnostic, RelatedLocation, RuleContext } from '../../src/rule-api.js';

/**
 * What the function a goroutine runs does with a WaitGroup it did not create: Add for itself
 * (racing with Wait), or Done without defer on a path that can skip it. A function started from
 * several `go` statements is looked at from each; every call is reported once.
 */
export function checkGoroutine(ctx: RuleContext, stmt: Node, reported: Set<number>): void {
  const body = goroutineBody(ctx.pkg, ctx.file, stmt);
  if (!body || body.file !== ctx.file) return;
  const fn = body.fn;
  const own = typedCallsIn(ctx, fn, WAIT_GROUP).filter(
    (c) => !ownedBy(c.id, fn, ctx) && c.call.parent?.type !== 'defer_statement' && enclosingFunction(c.call)?.id === fn.id,
  );
  // Only a skipped Done asks which Adds count the goroutine: most launches never need the list.
  const counted = () => [...addsBefore(ctx, stmt), ...addsPerIteration(ctx, stmt)];
  const seen = new Set<Identity['key']>();
  for (const c of own) {
    if (reported.has(c.call.id) || seen.has(c.id.key)) continue;
    const found = c.method === 'Add' ? (selfAdd(ctx, fn, c) ?? uncountedAdd(ctx, stmt, fn, c, counted)) : c.method === 'Done' ? (skippedDone(ctx, fn, c, stmt, counted) ?? doubleDone(ctx, fn, c, stmt)) : undefined;
    if (!found) continue;
    reported.add(c.call.id);
    seen.add(c.id.key);
    ctx.report({ node: c.call, ...found });
  }
}

type Found = Omit<Diagnostic, 'node'>;

/** An Add the goroutine makes for itself: it calls Done on the same WaitGroup (itself, or in a function
 * of this package it calls), starts no goroutine the Add may be for (unless the Add is paired with a
 * `defer wg.Done()` right after it), and signals no start after it. */
function selfAdd(ctx: RuleContext, fn: Node, add: TypedCall): Found | undefined {
  if ((!pairedWithDeferredDone(ctx, add) && fn.descendantsOfType('go_statement').length > 0) || signalsAfter(ctx, fn, add)) return undefined;
  if (!typedCallsIn(ctx, fn, WAIT_GROUP, add.id).some((d) => d.method === 'Done') && !calleeDone(ctx, fn, add.id)) return undefined;
  return { messageId: 'addInGoroutine', data: { wg: add.id.text } };
}

/** `wg.Add(1)` followed at once by `defer wg.Done()`: the Add counts the function that runs it. */
function pairedWithDeferredDone(ctx: RuleContext, add: TypedCall): boolean {
  let next = add.call.parent?.type === 'expression_statement' ? add.call.parent.nextNamedSibling : null;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  return next?.type === 'defer_statement' && typedCallsIn(ctx, next, WAIT_GROUP, add.id).some((c) => c.method === 'Done');
}

/** Whether a statement of the goroutine calls a function of this package that calls Done on the
 * value (a field or package variable: one identity across functions). */
function calleeDone(ctx: RuleContext, fn: Node, id: Identity): boolean {
  if (typeof id.key !== 'string' && id.key.scope.kind !== 'package') return false;
  const calls = fn.descendantsOfType('call_expression').filter((c) => enclosingFunction(c)?.id === fn.id);
  return calls.some((call) => {
    const body = calleeBody(ctx.pkg, ctx.file, call);
    return body !== undefined && body.fn.id !== fn.id && typedCallsIn({ pkg: ctx.pkg, file: body.file }, body.fn, WAIT_GROUP, id).some((d) => d.method === 'Done');
  });
}

/** A skipped Done, when the goroutine is evidently counted once: an Add right before its `go`
 * statement (the Add before a loop of launches may count only some of them), or per loop item. */
function skippedDone(ctx: RuleContext, fn: Node, done: TypedCall, go: Node, counted: () => TypedCall[]): Found | undefined {
  const skip = skippingDone(ctx, fn, done);
  if (!skip) return undefined;
  const args = go.namedChildren.find((c) => c.type === 'call_expression')?.childForFieldName('arguments');
  const viaParam = done.id.root?.binding.kind === 'param';
  const counting = counted().find((a) => a.id.key === done.id.key || (viaParam && args && mentions(args, a.id)));
  if (!skip.perItem && !counting) return undefined;
  const wg = done.id.text;
  const fix = skip.perItem
    ? `call ${wg}.Done on that path too (or handle each item in a function that defers it)`
    : waitsAfter(fn, done.call)
      ? // A stage barrier: a deferred Done would run only after the goroutine's own later Wait, which waits for it.
        `call ${wg}.Done on that path too, before it leaves (not deferred: this goroutine waits again after its Done)`
      : `defer ${wg}.Done() at the top of the goroutine`;
  const related: RelatedLocation[] = [];
  if (skip.at) related.push({ node: skip.at, message: `this path leaves without calling ${wg}.Done` });
  if (counting) related.push({ node: counting.call, message: 'the Add that counts this goroutine' });
  return { messageId: 'skippedDone', data: { wg, path: skip.path, fix }, related };
}

/** A Done that runs on a path where another Done on the same WaitGroup already ran (a `defer wg.Done()`
 * at the top of the goroutine, or an earlier plain Done a path leads on from), in a goroutine counted
 * once: `wg.Add(1)` right before its `go` statement. Done calls in loops (once per item) are not judged. */
function doubleDone(ctx: RuleContext, fn: Node, done: TypedCall, go: Node): Found | undefined {
  const stmt = done.call.parent;
  if (stmt?.type !== 'expression_statement' || inLoop(fn, done.call)) return undefined;
  const args = go.namedChildren.find((c) => c.type === 'call_expression')?.childForFieldName('arguments');
  const viaParam = done.id.root?.binding.kind === 'param';
  const counting = addsBefore(ctx, go).find((a) => (a.id.key === done.id.key || (viaParam && args && mentions(args, a.id))) && constantDelta(a.call) === 1);
  if (!counting) return undefined;
  // A launcher that adds again after the launch counts the goroutine's second Done: `wg.Add(1); go
  // serve(&wg); wg.Wait() /* started */; wg.Add(1)` (a start signal, then the end). Asked last: the
  // launcher's Adds are many where its launches are.
  const launcher = enclosingFunction(go);
  const addsAgain = () => launcher !== undefined && typedCallsIn(ctx, launcher, WAIT_GROUP, counting.id).some((a) => ADDS.has(a.method) && a.call.startIndex > go.endIndex);
  const wg = done.id.text;
  const body = fn.childForFieldName('body');
  const deferred = statementsOf(body ?? fn).find(
    (s) => s.type === 'defer_statement' && s.startIndex < stmt.startIndex && typedCallsIn(ctx, s, WAIT_GROUP, done.id).some((c) => c.method === 'Done'),
  );
  if (deferred) {
    if (addsAgain()) return undefined;
    const fix = 'remove this call and let the deferred Done run';
    return { messageId: 'doubleDone', data: { wg, earlier: `the deferred ${wg}.Done at line ${line(deferred)}`, fix }, related: [{ node: deferred, message: 'the deferred Done that runs too' }] };
  }
  const earlier = typedCallsIn(ctx, fn, WAIT_GROUP, done.id).find((c) => {
    const s = c.call.parent;
    if (c.method !== 'Done' || c.call.startIndex >= done.call.startIndex || s?.type !== 'expression_statement' || inLoop(fn, c.call)) return false;
    if (enclosingFunction(c.call)?.id !== fn.id) return false;
    const path = reachedWithout(fn, s, () => false, (t) => t.id === stmt.id);
    return path !== null && path !== undefined;
  });
  if (!earlier || addsAgain()) return undefined;
  const fix = `return right after the first ${wg}.Done, or call it once at the end`;
  return { messageId: 'doubleDone', data: { wg, earlier: `the ${wg}.Done at line ${line(earlier.call)}`, fix }, related: [{ node: earlier.call, message: 'the first Done on this path' }] };
}

function inLoop(fn: Node, node: Node): boolean {
  return ancestors(node).some((a) => a.type === 'for_statement' && contains(fn, a));
}

/** Whether the goroutine calls some `.Wait()` after `done`: Done marks the end of a stage, not of the goroutine. */
function waitsAfter(fn: Node, done: Node): boolean {
  return fn.descendantsOfType('call_expression', done.endPosition).some((c) => {
    const callee = c.childForFieldName('function');
    return c.startIndex >= done.endIndex && callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Wait';
  });
}

/** `wg.Add(n)` before `for i := 0; i < n; i++ { ... go ... }`: one count per iteration, whatever n is. */
function addsPerIteration(ctx: RuleContext, go: Node): TypedCall[] {
  const chain = ancestors(go);
  const loop = chain[chain.length - 3];
  const clause = loop?.type === 'for_statement' ? loop.namedChildren.find((c) => c.type === 'for_clause') : undefined;
  const cond = clause?.childForFieldName('condition');
  const start = clause?.childForFieldName('initializer')?.childForFieldName('right')?.text;
  if (!loop || start !== '0' || cond?.type !== 'binary_expression' || cond.childForFieldName('operator')?.text !== '<') return [];
  const bound = cond.childForFieldName('right')?.text;
  return addsBefore(ctx, loop).filter((a) => a.call.childForFieldName('arguments')?.namedChildren[0]?.text === bound);
}

/** The `wg.Add(...)` statements before a statement in its block. */
function addsBefore(ctx: RuleContext, stmt: Node): TypedCall[] {
  const list = stmt.parent;
  if (list?.type !== 'statement_list') return [];
  return addsIn(ctx, list).filter((a) => a.call.startIndex < stmt.startIndex);
}

/** The `wg.Add(...)` statements of a block, read once per block: every go statement in it asks, and a
 * block of n launches read n times cost n² node reads. */
const ADDS_BY_LIST = nodeTable<TypedCall[]>('waitgroup-adds-by-list');

function addsIn(ctx: RuleContext, list: Node): TypedCall[] {
  const perFile = ctx.facts.get(ADDS_BY_LIST, ctx.file.tree);
  let adds = perFile.get(list.id);
  if (!adds) {
    adds = [];
    for (const s of list.namedChildren) {
      const call = s.type === 'expression_statement' ? s.namedChild(0) : null;
      const c = call?.type === 'call_expression' ? typedCall(ctx, call, WAIT_GROUP) : undefined;
      if (c?.method === 'Add') adds.push(c);
    }
    perFile.set(list.id, adds);
  }
  return adds;
}

/** A send, close or Done on another WaitGroup after the Add and before the goroutine's own Done: the
 * launcher that waits for that signal before Wait is ordered after the Add (a start barrier). A
 * signal sent after Done orders nothing. */
function signalsAfter(ctx: RuleContext, fn: Node, add: TypedCall): boolean {
  const inFn = (n: Node) => enclosingFunction(n)?.id === fn.id && n.parent?.type !== 'defer_statement';
  const done = typedCallsIn(ctx, fn, WAIT_GROUP, add.id).find((d) => d.method === 'Done' && d.call.startIndex > add.call.endIndex && inFn(d.call));
  const until = done?.call.startIndex ?? fn.endIndex;
  // Only an unconditional signal (a statement of the function's own body) orders the launcher: a
  // send in an error branch or in the goroutine's loop is work, not a start barrier.
  const top = new Set(statementsOf(fn.childForFieldName('body') ?? fn).map((s) => s.id));
  const unconditional = (n: Node) => top.has(n.id) || (n.parent?.type === 'expression_statement' && top.has(n.parent.id));
  const between = fn
    .descendantsOfType(['send_statement', 'call_expression'])
    .filter((n) => n.startIndex > add.call.endIndex && n.startIndex < until && inFn(n) && unconditional(n));
  return between.some((n) => {
    if (n.type === 'send_statement' || n.childForFieldName('function')?.text === 'close') return true;
    const c = typedCall(ctx, n, WAIT_GROUP);
    return c?.method === 'Done' && c.id.key !== add.id.key;
  });
}

/** A WaitGroup the function creates itself counts something other than the function. */
function ownedBy(id: Identity, fn: Node, where: Where): boolean {
  const kind = id.root?.binding.kind;
  return (kind === 'var' || kind === 'range') && declaredInside(id, fn, where.file);
}

/** How a path avoids the Done call ("the return at line 12"), and whether the Done is per loop item;
 * undefined when no path does. */
function skippingDone(ctx: RuleContext, fn: Node, done: TypedCall): { path: string; perItem: boolean; at: Node | undefined } | undefined {
  const skip = skippingPath(fn, done.call, (n) => isCallOn(ctx, n, WAIT_GROUP, 'Done', done.id));
  if (!skip) return undefined;
  const at = skip.at && line(skip.at);
  const path =
    skip.how === 'return' ? `the return at line ${at}` : skip.how === 'end' ? `the path to the end of the goroutine at line ${at}` : at ? `the continue at line ${at}` : 'a continue';
  return { path, perItem: skip.perItem, at: skip.at ?? undefined };
}
