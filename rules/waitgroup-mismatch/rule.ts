import type { Node } from 'web-tree-sitter';
import { skippingPath } from './exit-paths.js';
import { reachedWithout } from '../../src/analysis/flow.js';
import { calleeBody, countLaunches, goroutineBody, intValue, leavesEarly, literalTripCount, type LaunchQuestion } from './goroutines.js';
import { mayBeCalled, surelyCalled } from './method-uses.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { ancestors, contains, enclosingFunction, isFunction, statementsOf, unparen } from '../../src/analysis/syntax.js';
import { copyVisitor } from './copy-checks.js';
import { uncountedAdd } from './uncounted-add.js';
import { isCallOn, typedCall, typedCallsIn, WAIT_GROUP, type TypedCall, type Where } from './typed-calls.js';
import { declaredInside, type Identity } from './value-identity.js';
import { defineFact, nodeTable } from '../../src/analysis/fact-store.js';
import type { Diagnostic, GoPackage, RelatedLocation, Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';

export const waitgroupMismatch: Rule = {
  meta: {
    id: 'waitgroup-mismatch',
    name: 'WaitGroupMismatch',
    summary: 'sync.WaitGroup Add/Done do not match the goroutines they count, or the WaitGroup is copied',
    defaultLevel: 'warning',
    tags: ['reliability', 'concurrency', 'goroutine', 'go'],
    precision: 'high',
    messages: {
      doneWithoutAdd: '{wg}.Done is called but nothing in the package calls {wg}.Add, so the counter goes negative and panics; call {wg}.Add(1) before starting the work it counts',
      addCount: '{wg}.Add({n}) counts {n} goroutines but {launched} that call Done are started, so {effect}; make the Add match the goroutines (or call {wg}.Add(1) before each go statement)',
      addBeforeLoop: '{wg}.Add(1) runs once but the loop after it starts a goroutine that calls Done on every trip, so from the second item on the extra Done calls panic with a negative counter (and Wait can return early); call {wg}.Add(1) inside the loop, before each go statement',
      doubleDone: '{wg}.Done is called here after {earlier} on the same path of a goroutine counted once, so the counter goes negative and the process panics (sync: negative WaitGroup counter); {fix}',
      addWithoutDone: '{wg}.Add is called but nothing in the package calls {wg}.Done, so the counter never returns to zero and {wg}.Wait hangs forever; call {wg}.Done (deferred) when the work it counts ends',
      returnBeforeGo: '{wg}.Add counts the goroutine started below, but the return at line {line} leaves before it is started and nothing calls Done for it, so the counter never reaches zero and {wg}.Wait (in Stop or Close) hangs forever; call {wg}.Add(1) right before the go statement, or {wg}.Done() before that return',
      addInGoroutine: '{wg}.Add is called inside the goroutine it counts, so Wait can see a zero counter and return while the goroutine still runs; call {wg}.Add before the go statement',
      addInUncountedGoroutine: '{wg}.Add is called in a goroutine that {wg} does not count, so {wg}.Wait (in Stop or Close) can find the counter at zero and return just before this Add, while the goroutine it starts keeps running against a stopped owner; count the outer goroutine too ({wg}.Add(1) before its go statement and defer {wg}.Done() in it)',
      skippedDone: '{wg}.Done is not deferred and {path} skips it, so the counter stays above zero and {wg}.Wait hangs; {fix}',
      paramCopy: "{name} is a sync.WaitGroup passed by value, so Add, Done and Wait act on a copy and the caller's Wait hangs or returns early; pass a *sync.WaitGroup",
      holderCopy: "{what} {name} copies the {type} it is given, including its sync.WaitGroup, so Add, Done and Wait on it never reach the original's counter; use a pointer (*{type})",
      rangeCopy: "range variable {name} copies {what}, so Add, Done and Wait on it act on the copy and the original's Wait hangs or returns early; range over the index and use a pointer (&xs[i])",
      holderAssignCopy: '{target} is a copy of the {type} {source}, including its sync.WaitGroup, so Add, Done and Wait on {target} never reach the original\'s counter; use a pointer instead ({fix})',
      returnCopy: 'returning {expr} copies {what}, so the caller\'s Add, Done and Wait act on a copy with its own counter and never reach the original; return a pointer ({fix})',
      assignCopy: '{target} is a copy of the sync.WaitGroup {source}, with its own counter, so Add, Done and Wait on it never reach the original; take its address instead (&{source})',
    },
    docs,
  },
  // A file that never names the type can still call s.wg.Done() on a field declared in another file.
  textFilter: /WaitGroup|\.(Add|Done)\(/,
  create(ctx) {
    // Types are read from the package's own declarations: a package that never spells the name has none.
    if (!spellsWaitGroup(ctx.pkg)) return {};
    const reported = new Set<number>();
    const calls = {
      call_expression: (call: Node) => checkCall(ctx, call),
      go_statement: (stmt: Node) => checkGoroutine(ctx, stmt, reported),
    };
    return { ...calls, ...copyVisitor(ctx) };
  },
};

const ADDS = new Set(['Add', 'Go']);
const DONES = new Set(['Done']);

function checkCall(ctx: RuleContext, call: Node): void {
  const site = typedCall(ctx, call, WAIT_GROUP);
  if (site?.method === 'Done' && !mayBeCalled(ctx, site, ADDS, ['Done', 'Wait'])) {
    const wg = site.id.text;
    return ctx.report({ node: call, messageId: 'doneWithoutAdd', data: { wg } });
  }
  if (site?.method === 'Add' && site.id.field?.name !== 'WaitGroup' && !mayBeCalled(ctx, site, DONES, ['Add', 'Wait', 'Go']) && surelyCalled(ctx, site, 'Wait')) {
    return ctx.report({ node: call, messageId: 'addWithoutDone', data: { wg: site.id.text } });
  }
  const n = site?.method === 'Add' ? constantDelta(call) : undefined;
  if (site && n !== undefined && !checkReturnBeforeGo(ctx, site)) checkAddCount(ctx, site, n);
}

/**
 * `s.wg.Add(1)` and, before the `go` statement it counts, a return that leaves without starting it or
 * calling Done (`if err != nil { return err }` between them): the counter stays above zero and the
 * Wait elsewhere (Stop, Close) hangs. Only for a field, whose Wait is in another method and is reached
 * whatever this one returns; a local WaitGroup's Wait is usually skipped by the same return. Statements
 * are read up to the go statement, stopping at anything else that names the WaitGroup (a Done, a
 * defer), so a return that calls Done first is not reported.
 */
function checkReturnBeforeGo(ctx: RuleContext, site: TypedCall): boolean {
  if (!site.id.field) return false;
  const stmt = site.call.parent;
  if (stmt?.type !== 'expression_statement' || stmt.parent?.type !== 'statement_list') return false;
  let leaving: Node | undefined;
  for (const s of siblingsAfter(stmt)) {
    if (s.type === 'go_statement') break;
    if (mentions(s, site.id) || s.type === 'defer_statement') return false;
    if (s.type === 'return_statement') leaving ??= s;
    if (s.type === 'if_statement') leaving ??= returnInBranch(s);
  }
  const go = leaving && [...siblingsAfter(stmt)].find((s) => s.type === 'go_statement');
  if (!leaving || !go || !launchCounts(ctx, go, site.id)) return false;
  ctx.report({ node: site.call, messageId: 'returnBeforeGo', data: { wg: site.id.text, line: leaving.startPosition.row + 1 } });
  return true;
}

/** The first return at the top of a branch of an if (`if err != nil { return err }`), else chains too. */
function returnInBranch(stmt: Node): Node | undefined {
  for (let s: Node | null = stmt; s?.type === 'if_statement'; s = s.childForFieldName('alternative')) {
    const block = s.childForFieldName('consequence');
    const found = block?.namedChildren.find((c) => c.type === 'statement_list')?.namedChildren.find((c) => c.type === 'return_statement');
    if (found) return found;
    const alt = s.childForFieldName('alternative');
    if (alt?.type === 'block') return alt.namedChildren.find((c) => c.type === 'statement_list')?.namedChildren.find((c) => c.type === 'return_statement');
  }
  return undefined;
}

/** `wg.Add(3)` followed by launches that can be counted, which are not 3; or a constant Add followed
 * by a loop that starts a counted goroutine per item. */
function checkAddCount(ctx: RuleContext, site: TypedCall, n: number): void {
  const stmt = site.call.parent;
  const list = stmt?.parent;
  const fn = enclosingFunction(site.call);
  if (!fn || stmt?.type !== 'expression_statement' || list?.type !== 'statement_list') return;
  // Several Adds are each checked, when all are statements of this function: an Add in another
  // function literal (a helper that adds and starts) counts goroutines the statements here do not show.
  if (!addsAllIn(ctx, fn, site.id)) return;
  // Read lazily: counting stops at the first statement it cannot count, and each of n Adds in a
  // block of n launches asks.
  const following = () => siblingsAfter(stmt);
  const q = {
    counts: (go: Node) => launchCounts(ctx, go, site.id),
    involves: (s: Node) => mentions(s, site.id) && !goroutineOnly(ctx, s),
    stopsAt: (s: Node) => s.type === 'expression_statement' && isCallOn(ctx, s.namedChild(0), WAIT_GROUP, 'Wait', site.id),
  };
  const wg = site.id.text;
  const launched = countLaunches(following(), q);
  if (launched === undefined) {
    // Only Add(1): a larger constant may be the loop's known trip count.
    if (n === 1 && launchesPerItem(following(), q)) ctx.report({ node: site.call, messageId: 'addBeforeLoop', data: { wg } });
    return;
  }
  if (launched === 0 || launched === n) return;
  const effect = launched < n ? `the counter never reaches zero and ${wg}.Wait hangs` : `${wg}.Wait can return early and the extra Done calls panic with a negative counter`;
  ctx.report({ node: site.call, messageId: 'addCount', data: { wg, n, launched, effect } });
}

/** The statements after `stmt` in its block, comments left out. */
function* siblingsAfter(stmt: Node): Generator<Node> {
  for (let s = stmt.nextNamedSibling; s; s = s.nextNamedSibling) if (s.type !== 'comment') yield s;
}

/** Whether every Add on the value in the outermost function around `fn` is made by `fn` itself, read
 * once per function and value: each of n Adds asks. */
const ADDS_ALL_IN = nodeTable<Map<Identity['key'], boolean>>('waitgroup-adds-all-in');

function addsAllIn(ctx: RuleContext, fn: Node, id: Identity): boolean {
  const perFn = ctx.facts.get(ADDS_ALL_IN, ctx.file.tree);
  let byKey = perFn.get(fn.id);
  if (!byKey) perFn.set(fn.id, (byKey = new Map()));
  let all = byKey.get(id.key);
  if (all === undefined) {
    const adds = typedCallsIn(ctx, outermostFunction(fn), WAIT_GROUP, id).filter((c) => ADDS.has(c.method));
    all = adds.every((a) => enclosingFunction(a.call)?.id === fn.id);
    byKey.set(id.key, all);
  }
  return all;
}

/** Whether the statements up to the Wait start no counted goroutine except in one loop of unknown trip
 * count (a `range`, or a `for` with a condition) that starts one on every trip and never leaves early:
 * `wg.Add(1)` before `for _, p := range peers { go ... }`. */
function launchesPerItem(stmts: Iterable<Node>, q: LaunchQuestion): boolean {
  let loops = 0;
  for (const s of stmts) {
    if (q.stopsAt(s)) break;
    if (s.type === 'for_statement' && literalTripCount(s) === undefined) {
      const clause = s.namedChildren.find((c) => c.type === 'range_clause' || c.type === 'for_clause');
      const body = s.childForFieldName('body');
      const bounded = clause?.type === 'range_clause' || (clause?.type === 'for_clause' && clause.childForFieldName('condition') !== null);
      if (!bounded || !body || leavesEarly(body) || !((countLaunches(statementsOf(body), q) ?? 0) >= 1)) return false;
      loops++;
      continue;
    }
    if (countLaunches([s], q) !== 0) return false;
  }
  return loops === 1;
}

/** `work := func() { defer wg.Done() ... }` whose variable is only ever started with `go work()`:
 * its launches are counted where they happen. */
function goroutineOnly(ctx: RuleContext, stmt: Node): boolean {
  const names = stmt.type === 'short_var_declaration' ? (stmt.childForFieldName('left')?.namedChildren ?? []) : [];
  const values = stmt.childForFieldName('right')?.namedChildren ?? [];
  const binding = names.length === 1 && values.length === 1 && values[0]!.type === 'func_literal' ? resolve(ctx.file, names[0]!) : undefined;
  return binding !== undefined && references(ctx.file, binding).every((use) => use.parent?.parent?.type === 'go_statement' && use.parent.childForFieldName('function')?.id === use.id);
}

/** 1 if the goroutine is handed the WaitGroup or calls Done on it, 0 if it evidently does not;
 * undefined when its own goroutines or a Done in a loop may count more than itself. */
function launchCounts(ctx: RuleContext, go: Node, id: Identity): number | undefined {
  const args = go.namedChildren.find((c) => c.type === 'call_expression')?.childForFieldName('arguments');
  const body = goroutineBody(ctx.pkg, ctx.file, go);
  if (args && mentions(args, id)) return !body || doneOnce({ pkg: ctx.pkg, file: body.file }, body.fn) ? 1 : undefined;
  if (!body) return undefined;
  if (!mentions(body.fn, id)) return 0;
  const where = { pkg: ctx.pkg, file: body.file };
  // A deferred Done and another one: the goroutine may be counted twice (or be wrong: see doubleDone).
  const dones = typedCallsIn(where, body.fn, WAIT_GROUP, id).filter((c) => c.method === 'Done');
  if (dones.length > 1 && dones.some((c) => ancestors(c.call).some((a) => a.type === 'defer_statement' && contains(body.fn, a)))) return undefined;
  return doneOnce(where, body.fn) && unconditionalDone(where, body.fn, id) ? 1 : undefined;
}

/** Whether the function calls Done at most once per run, as far as it shows: it starts no goroutine
 * of its own (which may be counted too) and calls no WaitGroup's Done in a loop (once per result). */
function doneOnce(where: Where, fn: Node): boolean {
  if (fn.descendantsOfType('go_statement').length > 0) return false;
  return typedCallsIn(where, fn, WAIT_GROUP).every((c) => c.method !== 'Done' || !ancestors(c.call).some((a) => a.type === 'for_statement' && contains(fn, a)));
}

/** A Done the function always reaches: `defer wg.Done()` (or a deferred literal calling it) or a
 * `wg.Done()` statement at the top level of its body. A Done under a condition may be meant for
 * some of the goroutines only. */
function unconditionalDone(where: Where, fn: Node, id: Identity): boolean {
  const body = fn.childForFieldName('body');
  return statementsOf(body ?? fn).some((s) => {
    if (s.type === 'defer_statement') return typedCallsIn(where, s, WAIT_GROUP, id).some((c) => c.method === 'Done');
    return s.type === 'expression_statement' && isCallOn(where, s.namedChild(0), WAIT_GROUP, 'Done', id);
  });
}

/**
 * What the function a goroutine runs does with a WaitGroup it did not create: Add for itself
 * (racing with Wait), or Done without defer on a path that can skip it. A function started from
 * several `go` statements is looked at from each; every call is reported once.
 */
function checkGoroutine(ctx: RuleContext, stmt: Node, reported: Set<number>): void {
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

const SPELLS_WAIT_GROUP = defineFact<GoPackage, boolean>('spells-wait-group', (pkg) => pkg.files.some((f) => f.text.includes('WaitGroup')));

function spellsWaitGroup(pkg: GoPackage): boolean {
  return pkg.store.get(SPELLS_WAIT_GROUP, pkg);
}

/** Whether the node's text names the WaitGroup's variable or field (a cheap, over-eager test). */
function mentions(node: Node, id: Identity): boolean {
  return new RegExp(`\\b${id.field?.name ?? id.text}\\b`).test(node.text);
}

function constantDelta(call: Node): number | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  return args.length === 1 ? intValue(unparen(args[0]!)) : undefined;
}

function outermostFunction(fn: Node): Node {
  return ancestors(fn).find(isFunction) ?? fn;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
