import type { Node } from 'web-tree-sitter';
import { skippingPath } from './exit-paths.js';
import { countLaunches, goroutineBody, intValue } from './goroutines.js';
import { mayBeCalled } from './method-uses.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { ancestors, enclosingFunction, isFunction, statementsOf, unparen } from '../../src/analysis/syntax.js';
import { isCallOn, typedCall, typedCallsIn, type MethodSpec, type TypedCall, type Where } from './typed-calls.js';
import { assignmentCopies, parameterCopy, rangeCopy } from './value-copies.js';
import { declaredInside, type Identity } from './value-identity.js';
import { defineFact, nodeTable } from '../../src/analysis/fact-store.js';
import type { Diagnostic, GoPackage, RelatedLocation, Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';
import { codeText } from '../../src/analysis/code-text.js';

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
      addInGoroutine: '{wg}.Add is called inside the goroutine it counts, so Wait can see a zero counter and return while the goroutine still runs; call {wg}.Add before the go statement',
      skippedDone: '{wg}.Done is not deferred and {path} skips it, so the counter stays above zero and {wg}.Wait hangs; {fix}',
      paramCopy: "{name} is a sync.WaitGroup passed by value, so Add, Done and Wait act on a copy and the caller's Wait hangs or returns early; pass a *sync.WaitGroup",
      holderCopy: "{what} {name} copies the {type} it is given, including its sync.WaitGroup, so Add, Done and Wait on it never reach the original's counter; use a pointer (*{type})",
      rangeCopy: "range variable {name} copies {what}, so Add, Done and Wait on it act on the copy and the original's Wait hangs or returns early; range over the index and use a pointer (&xs[i])",
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
    // Copies are looked for where the type is spelled: every declaration is a question to typeOf.
    if (!ctx.file.text.includes('WaitGroup')) return calls;
    return {
      ...calls,
      parameter_declaration: (param) => checkParameter(ctx, param),
      range_clause: (clause) => checkRangeCopy(ctx, clause),
      short_var_declaration: (decl) => checkAssignCopy(ctx, decl),
      var_spec: (spec) => checkAssignCopy(ctx, spec),
    };
  },
};

const WAIT_GROUP: MethodSpec = { path: 'sync', name: 'WaitGroup', methods: new Set(['Add', 'Done', 'Wait', 'Go']) };
const ADDS = new Set(['Add', 'Go']);

function checkCall(ctx: RuleContext, call: Node): void {
  const site = typedCall(ctx, call, WAIT_GROUP);
  if (site?.method === 'Done' && !mayBeCalled(ctx, site, ADDS, ['Done', 'Wait'])) {
    const wg = site.id.text;
    return ctx.report({ node: call, messageId: 'doneWithoutAdd', data: { wg } });
  }
  const n = site?.method === 'Add' ? constantDelta(call) : undefined;
  if (site && n !== undefined) checkAddCount(ctx, site, n);
}

/** `wg.Add(3)` followed by launches that can be counted, which are not 3. */
function checkAddCount(ctx: RuleContext, site: TypedCall, n: number): void {
  const stmt = site.call.parent;
  const list = stmt?.parent;
  const fn = enclosingFunction(site.call);
  if (!fn || stmt?.type !== 'expression_statement' || list?.type !== 'statement_list') return;
  if (typedCallsIn(ctx, outermostFunction(fn), WAIT_GROUP, site.id).filter((c) => ADDS.has(c.method)).length !== 1) return;
  const following = list.namedChildren.filter((s) => s.type !== 'comment' && s.startIndex > stmt.startIndex);
  const launched = countLaunches(following, {
    counts: (go) => launchCounts(ctx, go, site.id),
    involves: (s) => mentions(s, site.id) && !goroutineOnly(ctx, s),
    stopsAt: (s) => s.type === 'expression_statement' && isCallOn(ctx, s.namedChild(0), WAIT_GROUP, 'Wait', site.id),
  });
  if (launched === undefined || launched === 0 || launched === n) return;
  const wg = site.id.text;
  const effect = launched < n ? `the counter never reaches zero and ${wg}.Wait hangs` : `${wg}.Wait can return early and the extra Done calls panic with a negative counter`;
  ctx.report({ node: site.call, messageId: 'addCount', data: { wg, n, launched, effect } });
}

/** `work := func() { defer wg.Done() ... }` whose variable is only ever started with `go work()`:
 * its launches are counted where they happen. */
function goroutineOnly(ctx: RuleContext, stmt: Node): boolean {
  const names = stmt.type === 'short_var_declaration' ? (stmt.childForFieldName('left')?.namedChildren ?? []) : [];
  const values = stmt.childForFieldName('right')?.namedChildren ?? [];
  const binding = names.length === 1 && values.length === 1 && values[0]!.type === 'func_literal' ? resolve(ctx.file, names[0]!) : undefined;
  return binding !== undefined && references(ctx.file, binding).every((use) => use.parent?.parent?.type === 'go_statement' && use.parent.childForFieldName('function')?.id === use.id);
}

/** 1 if the goroutine is handed the WaitGroup or calls Done on it, 0 if it evidently does not. */
function launchCounts(ctx: RuleContext, go: Node, id: Identity): number | undefined {
  const args = go.namedChildren.find((c) => c.type === 'call_expression')?.childForFieldName('arguments');
  if (args && mentions(args, id)) return 1;
  const body = goroutineBody(ctx.pkg, ctx.file, go);
  if (!body) return undefined;
  if (unconditionalDone({ pkg: ctx.pkg, file: body.file }, body.fn, id)) return 1;
  return mentions(body.fn, id) ? undefined : 0;
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
    const found = c.method === 'Add' ? selfAdd(ctx, fn, c) : c.method === 'Done' ? skippedDone(ctx, fn, c, stmt, counted) : undefined;
    if (!found) continue;
    reported.add(c.call.id);
    seen.add(c.id.key);
    ctx.report({ node: c.call, ...found });
  }
}

type Found = Omit<Diagnostic, 'node'>;

function selfAdd(ctx: RuleContext, fn: Node, add: TypedCall): Found | undefined {
  if (fn.descendantsOfType('go_statement').length > 0 || signalsAfter(ctx, fn, add)) return undefined;
  if (!typedCallsIn(ctx, fn, WAIT_GROUP, add.id).some((d) => d.method === 'Done')) return undefined;
  return { messageId: 'addInGoroutine', data: { wg: add.id.text } };
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
  const between = fn.descendantsOfType(['send_statement', 'call_expression']).filter((n) => n.startIndex > add.call.endIndex && n.startIndex < until && inFn(n));
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

function checkParameter(ctx: RuleContext, param: Node): void {
  const copy = parameterCopy(ctx.pkg, ctx.file, param, WAIT_GROUP);
  if (!copy) return;
  const name = param.childrenForFieldName('name')[0]?.text ?? 'the parameter';
  if (copy.kind === 'direct') {
    return ctx.report({ node: param, messageId: 'paramCopy', data: { name } });
  }
  const method = param.parent?.parent;
  const what = method?.type === 'method_declaration' && method.childForFieldName('receiver')?.id === param.parent?.id ? 'value receiver' : 'parameter';
  ctx.report({ node: param, messageId: 'holderCopy', data: { what, name, type: copy.typeText } });
}

function checkRangeCopy(ctx: RuleContext, clause: Node): void {
  const copy = rangeCopy(ctx.pkg, ctx.file, clause, WAIT_GROUP);
  if (!copy) return;
  const what = copy.kind === 'direct' ? 'each sync.WaitGroup' : `each ${copy.typeText} with its sync.WaitGroup`;
  ctx.report({ node: copy.variable, messageId: 'rangeCopy', data: { name: codeText(copy.variable), what } });
}

function checkAssignCopy(ctx: RuleContext, decl: Node): void {
  for (const { target, source } of assignmentCopies(ctx.pkg, ctx.file, decl, WAIT_GROUP)) {
    ctx.report({ node: target, messageId: 'assignCopy', data: { target: codeText(target), source: codeText(source) } });
  }
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
