import type { Node } from 'web-tree-sitter';
import { exitWithout } from '../src/analysis/exit-paths.js';
import { reachedWithout } from '../src/analysis/flow.js';
import { goroutineLiteral, goStatementOf } from '../src/analysis/goroutines.js';
import { packageReferences } from '../src/analysis/package-scope.js';
import { references, resolve } from '../src/analysis/scopes.js';
import { ancestors, enclosingFunction, isFunction, unparen } from '../src/analysis/syntax.js';
import { isImportedType, methodCallOn, structFields, structType, typeOf, typeRef, type TypeRef } from '../src/analysis/type-of.js';
import { declaredInside, identityOf, type Identity } from '../src/analysis/value-identity.js';
import type { Rule, RuleContext } from '../src/rule-api.js';

export const waitgroupMismatch: Rule = {
  meta: {
    id: 'waitgroup-mismatch',
    name: 'WaitGroupMismatch',
    summary: 'sync.WaitGroup Add/Done do not match the goroutines they count, or the WaitGroup is copied',
    defaultLevel: 'warning',
    tags: ['reliability', 'concurrency', 'goroutine', 'go'],
    precision: 'high',
    docs: {
      what:
        'Flags uses of a `sync.WaitGroup` (under any import name; a local, a parameter, a struct field or a package variable) that let `Wait` hang or return early:\n\n' +
        '- `wg.Add` called inside the goroutine it counts (`go func() { wg.Add(1); defer wg.Done(); ... }()`);\n' +
        '- a constant `wg.Add(n)` followed by a different number of goroutine launches that call `Done` (loops count only when their trip count is a literal);\n' +
        '- a goroutine that calls `Done` without `defer` and has a path that skips it: an early `return`, or a `continue` in the `range` loop whose items it counts;\n' +
        '- `wg.Done()` on a WaitGroup that nothing in the package ever `Add`s to;\n' +
        '- a WaitGroup copied by value: a parameter of type `sync.WaitGroup`, a value receiver or parameter of a struct holding one whose Add/Done/Wait it calls, a `range` value copy, or `x := s.wg`.',
      why:
        'Wait returns when the counter reaches zero. An Add that runs inside the goroutine may run after Wait has already seen zero, so Wait returns while work is still running (shutdown closes the database under a live writer). An Add that counts more goroutines than are started, or a Done skipped by an early return, leaves the counter above zero: Wait blocks forever and the process hangs on shutdown or leaks the goroutine that waits. Counting fewer, or a Done with no Add, drives the counter negative, which panics with `sync: negative WaitGroup counter`. A copied WaitGroup has its own counter: Done on the copy never releases a Wait on the original.',
      bad:
        'func (p *Pool) Broadcast(peers []*Peer, msg []byte) {\n' +
        '\tvar wg sync.WaitGroup\n' +
        '\tfor _, peer := range peers {\n' +
        '\t\tgo func(peer *Peer) {\n' +
        '\t\t\twg.Add(1) // may run after Wait below has returned\n' +
        '\t\t\tif err := peer.Send(msg); err != nil {\n' +
        '\t\t\t\treturn // Done is skipped: Wait hangs\n' +
        '\t\t\t}\n' +
        '\t\t\twg.Done()\n' +
        '\t\t}(peer)\n' +
        '\t}\n' +
        '\twg.Wait()\n' +
        '}',
      good:
        'func (p *Pool) Broadcast(peers []*Peer, msg []byte) {\n' +
        '\tvar wg sync.WaitGroup\n' +
        '\tfor _, peer := range peers {\n' +
        '\t\twg.Add(1)\n' +
        '\t\tgo func(peer *Peer) {\n' +
        '\t\t\tdefer wg.Done()\n' +
        '\t\t\tif err := peer.Send(msg); err != nil {\n' +
        '\t\t\t\tp.log.Printf("send to %s: %v", peer.ID, err)\n' +
        '\t\t\t}\n' +
        '\t\t}(peer)\n' +
        '\t}\n' +
        '\twg.Wait()\n' +
        '}',
      limits:
        'Types come from declarations only (no type checker): a WaitGroup reached through another package\'s function or a method result is not seen. An Add inside a goroutine is flagged only when the same goroutine also calls Done and starts no goroutine itself (adding for nested goroutines while the outer one is counted is correct). Add counts are compared only for a constant Add followed, in the same block, by `go` statements and literal-count loops; any other statement that mentions the WaitGroup or starts a goroutine conditionally keeps the rule silent, as does a second Add in the function. A skipped Done is looked for in `go func() { ... }()` bodies only (not in named functions started with `go`), and in loops only for `range` loops whose body calls Done unconditionally. "No Add in the package" is reported only for an unexported variable or value field that is created in the package and never passed, assigned or has its address taken; `wg.Go(f)` counts as an Add. Silent on `wg.Go(f)`, on `defer wg.Done()` and `defer func() { ... wg.Done() }()`, and on `*sync.WaitGroup` parameters. Promoted methods of an embedded WaitGroup (`s.Add(1)`) are only checked for copies.',
    },
  },
  nodeTypes: ['call_expression', 'go_statement', 'parameter_declaration', 'range_clause', 'short_var_declaration', 'var_spec'],
  // A file that never names the type can still call s.wg.Done() on a field declared in another file.
  textFilter: /WaitGroup|\.(Add|Done)\(/,
  create(ctx) {
    return {
      call_expression: (call) => checkCall(ctx, call),
      go_statement: (stmt) => checkGoroutine(ctx, stmt),
      parameter_declaration: (param) => checkParameter(ctx, param),
      range_clause: (clause) => checkRangeCopy(ctx, clause),
      short_var_declaration: (decl) => checkAssignCopy(ctx, decl),
      var_spec: (spec) => checkAssignCopy(ctx, spec),
    };
  },
};

const WG_METHODS = new Set(['Add', 'Done', 'Wait', 'Go']);
const ADDS = new Set(['Add', 'Go']);

/** A method call on an evident sync.WaitGroup. */
interface WgCall {
  call: Node;
  method: string;
  receiver: Node;
  id: Identity;
}

function checkCall(ctx: RuleContext, call: Node): void {
  const site = wgCall(ctx, call);
  if (site?.method === 'Add') checkAdd(ctx, site);
  else if (site?.method === 'Done') checkDoneWithoutAdd(ctx, site);
}

function checkAdd(ctx: RuleContext, site: WgCall): void {
  const fn = enclosingFunction(site.call);
  const go = fn ? goStatementOf(fn) : undefined;
  if (fn && go && addsForItself(ctx, fn, site)) {
    return ctx.report(site.call, `${site.id.text}.Add is called inside the goroutine it counts, so Wait can see a zero counter and return while the goroutine still runs; call ${site.id.text}.Add before the go statement`);
  }
  const n = constantDelta(site.call);
  if (fn && n !== undefined) checkAddCount(ctx, fn, site, n);
}

/** The goroutine body `lit` both Adds and Dones on the WaitGroup and starts no goroutine of its own
 * (which the Add could be for, while the outer goroutine is itself counted). */
function addsForItself(ctx: RuleContext, lit: Node, site: WgCall): boolean {
  if (declaredInside(site.id, lit, ctx.file) || lit.descendantsOfType('go_statement').length > 0) return false;
  return wgCallsIn(ctx, lit, site.id).some((c) => c.method === 'Done');
}

/** `wg.Add(3)` followed by launches that can be counted, which are not 3. */
function checkAddCount(ctx: RuleContext, fn: Node, site: WgCall, n: number): void {
  const stmt = site.call.parent;
  const list = stmt?.parent;
  if (stmt?.type !== 'expression_statement' || list?.type !== 'statement_list') return;
  if (wgCallsIn(ctx, outermostFunction(fn), site.id).filter((c) => ADDS.has(c.method)).length !== 1) return;
  const following = list.namedChildren.filter((s) => s.type !== 'comment' && s.startIndex > stmt.startIndex);
  const launched = new LaunchCounter(ctx, site.id).count(following);
  if (launched === undefined || launched === 0 || launched === n) return;
  const effect =
    launched < n
      ? `the counter never reaches zero and ${site.id.text}.Wait hangs`
      : `${site.id.text}.Wait can return early and the extra Done calls panic with a negative counter`;
  ctx.report(site.call, `${site.id.text}.Add(${n}) counts ${n} goroutines but ${launched} that call Done are started, so ${effect}; make the Add match the goroutines (or call Add(1) before each go statement)`);
}

/** Counts the goroutines started by statements that call Done on one WaitGroup; undefined when it
 * cannot be told (a conditional launch, a loop without a literal trip count, a helper given the WaitGroup). */
class LaunchCounter {
  constructor(
    private readonly ctx: RuleContext,
    private readonly id: Identity,
  ) {}

  count(stmts: Node[]): number | undefined {
    let total = 0;
    for (const stmt of stmts) {
      if (stmt.type === 'expression_statement' && this.isWait(stmt)) return total;
      const n = this.statement(stmt);
      if (n === undefined) return undefined;
      total += n;
    }
    return total;
  }

  private statement(stmt: Node): number | undefined {
    if (stmt.type === 'go_statement') return this.launch(stmt);
    if (stmt.type === 'block') return this.count(stmt.namedChildren.find((c) => c.type === 'statement_list')?.namedChildren ?? []);
    const involved = stmt.descendantsOfType('go_statement').length > 0 || mentions(stmt, this.id);
    if (!involved) return 0;
    if (stmt.type !== 'for_statement') return undefined;
    const trips = literalTrips(stmt);
    const body = stmt.childForFieldName('body');
    const perTrip = body ? this.count(body.namedChildren.find((c) => c.type === 'statement_list')?.namedChildren ?? []) : undefined;
    return trips === undefined || perTrip === undefined ? undefined : trips * perTrip;
  }

  /** 1 if the goroutine calls Done on the WaitGroup (or is handed it), 0 if it evidently does not. */
  private launch(stmt: Node): number | undefined {
    const lit = goroutineLiteral(stmt);
    if (lit) return wgCallsIn(this.ctx, lit, this.id).some((c) => c.method === 'Done') ? 1 : mentions(lit, this.id) ? undefined : 0;
    return mentions(stmt, this.id) ? 1 : undefined;
  }

  private isWait(stmt: Node): boolean {
    const call = stmt.namedChild(0);
    return call?.type === 'call_expression' && wgCall(this.ctx, call)?.method === 'Wait' && wgCall(this.ctx, call)?.id.key === this.id.key;
  }
}

/** `for i := 0; i < 4; i++` (also `<=`, and `for range 4`) with no jump out of or past its body. */
function literalTrips(loop: Node): number | undefined {
  const body = loop.childForFieldName('body');
  if (!body || body.descendantsOfType(['break_statement', 'continue_statement', 'return_statement', 'goto_statement']).length > 0) return undefined;
  const clause = loop.namedChildren.find((c) => c.type === 'for_clause' || c.type === 'range_clause');
  if (clause?.type === 'range_clause') {
    const right = clause.childForFieldName('right');
    return right?.type === 'int_literal' ? intValue(right) : undefined;
  }
  const init = clause?.childForFieldName('initializer');
  const cond = clause?.childForFieldName('condition');
  const update = clause?.childForFieldName('update');
  if (init?.type !== 'short_var_declaration' || cond?.type !== 'binary_expression' || update?.type !== 'inc_statement') return undefined;
  const variable = init.childForFieldName('left')?.text;
  const start = intValue(init.childForFieldName('right')?.namedChild(0));
  const end = intValue(cond.childForFieldName('right'));
  const op = cond.childForFieldName('operator')?.text;
  if (start === undefined || end === undefined || cond.childForFieldName('left')?.text !== variable || update.namedChild(0)?.text !== variable) return undefined;
  if (op === '<') return Math.max(0, end - start);
  return op === '<=' ? Math.max(0, end - start + 1) : undefined;
}

/** A goroutine body that calls Done without defer where some path skips the call. */
function checkGoroutine(ctx: RuleContext, stmt: Node): void {
  const lit = goroutineLiteral(stmt);
  if (!lit) return;
  const reported = new Set<Identity['key']>();
  for (const done of wgCallsIn(ctx, lit, undefined)) {
    if (done.method !== 'Done' || reported.has(done.id.key) || enclosingFunction(done.call)?.id !== lit.id) continue;
    // A WaitGroup of the goroutine's own counts something else than the goroutine.
    if (done.call.parent?.type === 'defer_statement' || declaredInside(done.id, lit, ctx.file)) continue;
    const skip = skippingPath(ctx, lit, done);
    if (!skip) continue;
    reported.add(done.id.key);
    ctx.report(done.call, `${done.id.text}.Done is not deferred and ${skip} skips it, so the counter stays above zero and ${done.id.text}.Wait hangs; defer ${done.id.text}.Done() at the top of the goroutine (or call it on that path)`);
  }
}

/** How a path avoids the Done call: "the return at line 12", or undefined when none does. */
function skippingPath(ctx: RuleContext, lit: Node, done: WgCall): string | undefined {
  const isDone = (n: Node) => {
    const c = wgCall(ctx, n);
    return c?.method === 'Done' && c.id.key === done.id.key;
  };
  const chain = ancestors(done.call);
  const loopAt = chain.findLastIndex((a) => a.type === 'for_statement' || isFunction(a));
  const loop = chain[loopAt];
  if (!loop || loop.id === lit.id) {
    const exit = exitWithout(lit, isDone);
    if (!exit) return undefined;
    return exit.type === 'return_statement' ? `the return at line ${line(exit)}` : `the path to the end of the goroutine at line ${line(exit)}`;
  }
  // Per-item Done in `for item := range ch { ... wg.Done() }`: only an unconditional call is checked.
  const clause = loop.namedChildren.find((c) => c.type === 'range_clause');
  const head = clause?.childForFieldName('right');
  const bodyList = loop.childForFieldName('body')?.namedChildren.find((c) => c.type === 'statement_list');
  if (loop.type !== 'for_statement' || !head || chain[chain.length - 2]?.id !== bodyList?.id) return undefined;
  const found = reachedWithout(lit, head, isDone, (s) => s.id === head.id || (s.type === 'return_statement' && within(s, loop)));
  if (!found) return undefined;
  if (found.type === 'return_statement') return `the return at line ${line(found)}`;
  const jump = loop.descendantsOfType('continue_statement').find((c) => c.startIndex < done.call.startIndex);
  return jump ? `the continue at line ${line(jump)}` : 'a continue';
}

/** Done on a WaitGroup that is evidently never Added to anywhere in the package. */
function checkDoneWithoutAdd(ctx: RuleContext, site: WgCall): void {
  if (addMayBeElsewhere(ctx, site)) return;
  ctx.report(site.call, `${site.id.text}.Done is called but nothing in the package calls ${site.id.text}.Add, so the counter goes negative and panics; call ${site.id.text}.Add(1) before starting the work it counts`);
}

function addMayBeElsewhere(ctx: RuleContext, site: WgCall): boolean {
  const id = site.id;
  if (typeof id.key === 'string') return fieldMayBeAdded(ctx, site);
  const binding = id.key;
  if (binding.kind !== 'var' || /^[A-Z]/.test(binding.name) || !id.root || !freshWaitGroup(id.root.binding.node)) return true;
  const uses = binding.scope.kind === 'package' ? packageReferences(ctx.pkg, binding.name).map((r) => r.node) : references(id.root.file, binding);
  return uses.some((use) => {
    const method = calledMethod(use);
    return method === undefined || ADDS.has(method);
  });
}

/** A value field (not a pointer that may be shared) of a type of this package: any `.name` that is
 * not `.name.Done(` or `.name.Wait(` in the package may be an Add or hand the WaitGroup out. */
function fieldMayBeAdded(ctx: RuleContext, site: WgCall): boolean {
  const field = site.id.field;
  if (!field?.owner || /^[A-Z]/.test(field.name) || typeOf(ctx.pkg, ctx.file, site.receiver)?.pointer !== false) return true;
  const name = field.name;
  const use = new RegExp(`\\.\\s*${name}\\b(?!\\s*\\.\\s*(?:Done|Wait)\\s*\\()`);
  return ctx.pkg.files.some((f) => use.test(f.text));
}

/** `var wg sync.WaitGroup`, `wg := &sync.WaitGroup{}`, `wg := new(sync.WaitGroup)`. */
function freshWaitGroup(decl: Node): boolean {
  const parent = decl.parent;
  if (parent?.type === 'var_spec') {
    const values = parent.childForFieldName('value');
    return values ? values.namedChildren.every(isFreshValue) : parent.childForFieldName('type') !== null;
  }
  const right = parent?.parent?.type === 'short_var_declaration' ? parent.parent.childForFieldName('right') : undefined;
  return right !== undefined && right !== null && right.namedChildren.every(isFreshValue);
}

function isFreshValue(value: Node): boolean {
  const v = unparen(value);
  if (v.type === 'composite_literal') return true;
  if (v.type === 'unary_expression') return v.childForFieldName('operand')?.type === 'composite_literal';
  return v.type === 'call_expression' && v.childForFieldName('function')?.text === 'new';
}

/** `func f(wg sync.WaitGroup)`, or a value receiver/parameter of a struct holding a WaitGroup whose
 * Add/Done/Wait the function calls through it. */
function checkParameter(ctx: RuleContext, param: Node): void {
  const list = param.parent;
  if (list && list.parent?.childForFieldName('result')?.id === list.id) return;
  const ref = typeRef(ctx.file, param.childForFieldName('type'));
  if (!ref || ref.pointer) return;
  const names = param.childrenForFieldName('name');
  if (isImportedType(ref, 'sync', 'WaitGroup', false)) {
    const name = names[0]?.text ?? 'the parameter';
    return ctx.report(param, `${name} is a sync.WaitGroup passed by value, so Add, Done and Wait act on a copy and the caller's Wait hangs or returns early; pass a *sync.WaitGroup`);
  }
  const fields = waitGroupFields(ctx, ref);
  if (fields.length === 0 || !names.some((n) => usesWaitGroupOf(ctx, n, fields))) return;
  const what = param.parent?.parent?.type === 'method_declaration' && param.parent.id === param.parent.parent.childForFieldName('receiver')?.id ? 'value receiver' : 'parameter';
  ctx.report(param, `${what} ${names[0]!.text} copies the ${ref.node.text} it is given, including its sync.WaitGroup, so Add, Done and Wait on it never reach the original's counter; use a pointer (*${ref.node.text})`);
}

/** `for _, w := range workers` copying a WaitGroup (or a struct holding one) whose methods it calls. */
function checkRangeCopy(ctx: RuleContext, clause: Node): void {
  const left = clause.childForFieldName('left');
  const value = left?.type === 'expression_list' && left.namedChildCount === 2 ? left.namedChild(1) : undefined;
  if (value?.type !== 'identifier' || value.text === '_') return;
  const ref = typeOf(ctx.pkg, ctx.file, value);
  if (!ref || ref.pointer) return;
  const direct = isImportedType(ref, 'sync', 'WaitGroup', false);
  if (!direct && !usesWaitGroupOf(ctx, value, waitGroupFields(ctx, ref))) return;
  const what = direct ? 'each sync.WaitGroup' : `each ${ref.node.text} with its sync.WaitGroup`;
  ctx.report(value, `range variable ${value.text} copies ${what}, so Add, Done and Wait on it act on the copy and the original's Wait hangs or returns early; range over the index and use a pointer (&xs[i])`);
}

/** `wg2 := wg`, `var wg = s.wg`, `wg := *p`: a second counter. */
function checkAssignCopy(ctx: RuleContext, decl: Node): void {
  const left = decl.type === 'var_spec' ? decl.childrenForFieldName('name') : (decl.childForFieldName('left')?.namedChildren ?? []);
  const right = decl.childForFieldName(decl.type === 'var_spec' ? 'value' : 'right')?.namedChildren ?? [];
  if (left.length !== right.length) return;
  left.forEach((target, i) => {
    if (target.text !== '_' && copiesWaitGroup(ctx, right[i]!)) {
      ctx.report(target, `${target.text} is a copy of the sync.WaitGroup ${unparen(right[i]!).text}, with its own counter, so Add, Done and Wait on it never reach the original; take its address instead (&${unparen(right[i]!).text})`);
    }
  });
}

function copiesWaitGroup(ctx: RuleContext, value: Node): boolean {
  const v = unparen(value);
  if (v.type === 'unary_expression' && v.childForFieldName('operator')?.text === '*') {
    const operand = v.childForFieldName('operand');
    return operand !== null && isImportedType(typeOf(ctx.pkg, ctx.file, operand), 'sync', 'WaitGroup', true);
  }
  if (v.type !== 'identifier' && v.type !== 'selector_expression' && v.type !== 'index_expression') return false;
  return isImportedType(typeOf(ctx.pkg, ctx.file, v), 'sync', 'WaitGroup', false);
}

/** The names of the value (not pointer) WaitGroup fields of a struct type of this package, an
 * embedded one as `WaitGroup`. */
function waitGroupFields(ctx: RuleContext, ref: TypeRef): string[] {
  const struct = structType(ctx.pkg, ref);
  if (!struct) return [];
  return structFields(struct.node)
    .filter((f) => isImportedType(typeRef(struct.file, f.type), 'sync', 'WaitGroup', false))
    .map((f) => f.name);
}

/** Whether some use of the variable declared by `name` calls `v.wg.Add/Done/Wait` (or the promoted `v.Wait`). */
function usesWaitGroupOf(ctx: RuleContext, name: Node, fields: string[]): boolean {
  if (fields.length === 0) return false;
  const binding = resolve(ctx.file, name);
  if (!binding) return false;
  return references(ctx.file, binding).some((use) => {
    const sel = use.parent;
    if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.id !== use.id) return false;
    const field = sel.childForFieldName('field')?.text ?? '';
    if (fields.includes('WaitGroup') && WG_METHODS.has(field) && calledMethod(use) !== undefined) return true;
    return fields.includes(field) && WG_METHODS.has(calledMethod(sel) ?? '');
  });
}

function wgCall(ctx: RuleContext, call: Node): WgCall | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'selector_expression' || !WG_METHODS.has(callee.childForFieldName('field')?.text ?? '')) return undefined;
  const on = methodCallOn(ctx.pkg, ctx.file, call, 'sync', 'WaitGroup');
  const id = on ? identityOf(ctx.pkg, ctx.file, on.receiver) : undefined;
  return on && id ? { call, method: on.method, receiver: on.receiver, id } : undefined;
}

/** The WaitGroup method calls inside `node` (on `id` only, when given). */
function wgCallsIn(ctx: RuleContext, node: Node, id: Identity | undefined): WgCall[] {
  const found: WgCall[] = [];
  for (const call of node.descendantsOfType('call_expression')) {
    const c = wgCall(ctx, call);
    if (c && (!id || c.id.key === id.key)) found.push(c);
  }
  return found;
}

/** `m` when `expr` is the receiver of a call `expr.m(...)`. */
function calledMethod(expr: Node): string | undefined {
  const sel = expr.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.id !== expr.id) return undefined;
  const call = sel.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.id === sel.id ? sel.childForFieldName('field')?.text : undefined;
}

/** Whether the node's text names the WaitGroup's variable or field (a cheap, over-eager test). */
function mentions(node: Node, id: Identity): boolean {
  const name = id.field?.name ?? id.text;
  return new RegExp(`\\b${name}\\b`).test(node.text);
}

function constantDelta(call: Node): number | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  return args.length === 1 ? intValue(unparen(args[0]!)) : undefined;
}

function intValue(node: Node | null | undefined): number | undefined {
  return node?.type === 'int_literal' && /^[0-9]+$/.test(node.text) ? Number(node.text) : undefined;
}

function outermostFunction(fn: Node): Node {
  return ancestors(fn).find(isFunction) ?? fn;
}

function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
