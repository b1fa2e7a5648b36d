import type { Node } from 'web-tree-sitter';
import { countLaunches, goroutineBody, leavesEarly, literalTripCount, type LaunchQuestion } from './goroutines.js';
import { mayBeCalled, surelyCalled } from './method-uses.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { ancestors, contains, enclosingFunction, isFunction, statementsOf } from '../../src/analysis/syntax.js';
import { copyVisitor } from './copy-checks.js';
import { isCallOn, typedCall, typedCallsIn, WAIT_GROUP, type TypedCall, type Where } from './typed-calls.js';
import type { Identity } from './value-identity.js';
import { defineFact, nodeTable } from '../../src/analysis/fact-store.js';
import type { GoPackage, Rule, RuleContext } from '../../src/rule-api.js';
import { ADDS, constantDelta, DONES, mentions } from './call-text.js';
import { checkGoroutine } from './goroutine-checks.js';
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

const SPELLS_WAIT_GROUP = defineFact<GoPackage, boolean>('spells-wait-group', (pkg) => pkg.files.some((f) => f.text.includes('WaitGroup')));

function spellsWaitGroup(pkg: GoPackage): boolean {
  return pkg.store.get(SPELLS_WAIT_GROUP, pkg);
}



function outermostFunction(fn: Node): Node {
  return ancestors(fn).find(isFunction) ?? fn;
}

