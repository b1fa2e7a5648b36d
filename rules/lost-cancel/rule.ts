import type { Node } from 'web-tree-sitter';
import { calledOnAllPaths, reachedWithout, type XSpec } from '../../src/analysis/flow.js';
import { packageMember } from '../../src/analysis/imports.js';
import { declaringFunction, references, resolve, type Binding } from '../../src/analysis/scopes.js';
import { roleOf, type Role } from '../../src/analysis/ownership.js';
import { contains, enclosingFunction, isFunction, unparen } from '../../src/analysis/syntax.js';
import type { GoPackage, Rule, RuleContext, SourceFile } from '../../src/rule-api.js';
import { fieldRead, fieldStoredInto, packageVarRead, storedField } from './stored-cancel.js';
import { docs } from './docs.js';
import { handedToGoroutine } from './handed-on.js';
import { inOneShotTimerCase } from './one-shot.js';
import { alreadyExpired, CONTEXT_PACKAGES, siteOf, WITH_CANCEL, WITH_TIMER, withFunction, type Site } from './sites.js';

export const lostCancel: Rule = {
  meta: {
    id: 'lost-cancel',
    name: 'LostCancel',
    summary: 'The cancel function of context.WithCancel/WithTimeout/WithDeadline is dropped or not called on every path',
    defaultLevel: 'warning',
    tags: ['reliability', 'concurrency', 'context', 'go'],
    precision: 'high',
    messages: {
      dropped: 'the result of {api} is dropped, so its cancel function can never be called and {leak}; keep it (ctx, cancel := {api}(...)) and defer cancel()',
      discarded: 'the cancel function returned by {api} is discarded with _, so {leak}; assign it and defer cancel() right after the call',
      neverCalled: '{name} returned by {api} is never called{blank}, so {leak}; defer {name}() right after the call',
      overwritten: '{name} returned by {api} is overwritten {where} before it is called, so {leak}; call {name}() before reassigning it',
      storedNeverCalled: 'the cancel function returned by {api} is stored in {name}, which nothing in this package ever calls or reads, so {leak}; call it when its owner shuts down (its Close or Stop method), or defer it where the context is used',
      deferredInLoop: '{name}() is deferred inside an endless loop, so every iteration adds a deferred call and keeps {held} until the function returns, which the loop does not do while it runs; call {name}() at the end of each iteration, or move the loop body into a function that defers it',
      notCalledOnPath: '{name} returned by {api} is not called on the path to {where}, so {leak} on that path; defer {name}() right after the call',
    },
    docs,
  },
  // Most files never mention the constructors (any import name or a dot import still spells them).
  textFilter: /\bWith(Cancel|Timeout|Deadline)/,
  create(ctx) {
    return { call_expression: (call) => check(ctx, call) };
  },
};


function check(ctx: RuleContext, call: Node): void {
  const api = withFunction(ctx, call);
  if (!api) return;
  const fn = enclosingFunction(call);
  // Package-level `var ctx, cancel = ...` is a package variable: whoever owns it cancels it.
  if (!fn || isMainMain(ctx, fn) || alreadyExpired(call, api)) return;
  const parent = call.parent;
  if (parent?.type === 'expression_statement') {
    return ctx.report({ node: call, messageId: 'dropped', data: { api, leak: leak(api) } });
  }
  const site = siteOf(call, api);
  if (!site) return;
  if (site.target.type === 'identifier' && site.target.text === '_') {
    return ctx.report({ node: call, messageId: 'discarded', data: { api, leak: leak(api) } });
  }
  const field = storedField(site.target);
  if (field !== undefined) return checkStored(ctx, site, field, site.target.text.replace(/\s+/g, ''), fieldRead);
  if (site.target.type !== 'identifier') return;
  const binding = resolve(ctx.file, site.target);
  const global = binding ? binding : ctx.facts.packageScope.resolve(ctx.file, site.target)?.binding;
  if (global?.kind === 'var' && global.scope.kind === 'package') return checkStored(ctx, site, global.name, `package variable ${global.name}`, packageVarRead);
  // A variable from outside this function (package-level, or captured from the enclosing function)
  // is cancelled, if at all, somewhere this function cannot see; a named result is returned.
  if (!binding || binding.kind === 'result' || declaringFunction(binding)?.id !== fn.id) return;
  checkUses(ctx, fn, site, binding);
}

/** A cancel function kept in an unexported field or package variable that nothing in the package reads. */
function checkStored(ctx: RuleContext, site: Site, key: string, name: string, isRead: (pkg: GoPackage, key: string) => boolean): void {
  if (holdsNothing(ctx, site) || isRead(ctx.pkg, key)) return;
  const { api, call } = site;
  ctx.report({ node: call, messageId: 'storedNeverCalled', data: { name, api, leak: leak(api) } });
}

/**
 * The roles of one use, seen through a conversion to a function type: `stop := (func())(cancel)` makes
 * `stop` the cancel function under another name, so the uses of `stop` are what happens to it.
 */
function rolesThrough(ctx: RuleContext, fn: Node, use: Node): Array<{ node: Node; role: Role }> {
  const alias = conversionAlias(ctx, fn, use);
  if (!alias) return [{ node: use, role: roleOf(use, fn) }];
  return references(ctx.file, alias)
    .filter((u) => u.id !== alias.node.id)
    .map((u) => ({ node: u, role: roleOf(u, fn) }))
    .filter((r) => r.role !== 'write');
}

/** The local variable declared or assigned by `v := (func())(use)` / `var v = F(use)` for a conversion to a
 * function type. */
function conversionAlias(ctx: RuleContext, fn: Node, use: Node): Binding | undefined {
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
  const binding = resolve(ctx.file, left);
  return binding && declaringFunction(binding)?.id === fn.id ? binding : undefined;
}

function checkUses(ctx: RuleContext, fn: Node, site: Site, binding: Binding): void {
  const uses = references(ctx.file, binding).filter((u) => u.id !== site.target.id);
  const roles = uses.flatMap((u) => rolesThrough(ctx, fn, u));
  const name = binding.name;
  const { api, call } = site;
  const transfers = roles.filter((r) => r.role === 'transfer');
  if (transfers.length > 0) {
    // Handed to a field of the owner (`s.cancel = cancel`): fine if the package ever reads that field.
    const fields = transfers.map((r) => fieldStoredInto(r.node));
    if (roles.some((r) => r.role === 'call' || r.role === 'deferred-call')) return;
    if (holdsNothing(ctx, site) || fields.some((f) => f === undefined || fieldRead(ctx.pkg, f))) return;
    return ctx.report({ node: call, messageId: 'storedNeverCalled', data: { name: `field ${fields.join(', ')}`, api, leak: leak(api) } });
  }
  const released = releasedBy(ctx, site, roles);
  // A timer context handed to goroutines that outlive this path is released by its deadline, by design:
  // cancelling at the end of the path would cut their work off.
  if (WITH_TIMER.has(api.slice('context.'.length)) && handedToGoroutine(ctx.pkg, ctx.file, site.child, site.statement.endIndex)) {
    reportDeferredInLoop(ctx, fn, site, roles, released, name);
    return;
  }
  if (!roles.some((r) => r.role === 'call' || r.role === 'deferred-call')) {
    // Still silent when every path waits for the context to end (`<-ctx.Done()`).
    const paths = calledOnAllPaths(fn, site.statement, released);
    if (!paths) return;
    // ... but not when the loop comes back to this statement first: the receive in another select case
    // does not release the context the last iteration made.
    if (paths.ok && !reachedWithout(fn, site.statement, released, (stmt) => contains(stmt, site.target))) return;
    const blank = roles.some((r) => r.role === 'blank') ? ` (\`_ = ${name}\` only silences the compiler)` : '';
    return ctx.report({ node: call, messageId: 'neverCalled', data: { name, api, blank, leak: leak(api) } });
  }
  const writes = roles.filter((r) => r.role === 'write').map((r) => r.node);
  // `cancel = ...` or a `:=` that reuses `cancel` assigns the variable again: in a loop, that is this
  // very statement overwriting the previous iteration's cancel function.
  if (binding.node.id !== site.target.id) writes.push(site.target);
  const overwrite = reachedWithout(fn, site.statement, released, (stmt) => writes.some((w) => contains(stmt, w)));
  if (overwrite && !unusedBackgroundChild(ctx, site, overwrite)) {
    const where = overwrite.id === site.statement.id ? 'by the next loop iteration' : `at line ${line(overwrite)}`;
    const related = overwrite.id === site.statement.id ? [] : [{ node: overwrite, message: `${name} is overwritten here` }];
    return ctx.report({ node: call, messageId: 'overwritten', data: { name, api, where, leak: leak(api) }, related });
  }
  if (reportDeferredInLoop(ctx, fn, site, roles, released, name)) return;
  // A deferred closure calls whatever the variable holds at exit, even one registered before this
  // assignment (`defer func() { cancel() }()` above a retry loop), so every exit is covered.
  if (roles.some((r) => r.role === 'deferred-call')) return;
  const paths = calledOnAllPaths(fn, site.statement, released);
  if (!paths) return;
  if (paths.ok) {
    // A `:=` in a loop body declares a new cancel each iteration; one that comes round again without
    // a call (a `<-ctx.Done()` in another select case releases nothing on that path) lost the last.
    if (reachedWithout(fn, site.statement, released, (stmt) => contains(stmt, site.target))) {
      ctx.report({ node: call, messageId: 'overwritten', data: { name, api, where: 'by the next loop iteration', leak: leak(api) } });
    }
    return;
  }
  const where = paths.exit.type === 'return_statement' ? `the return at line ${line(paths.exit)}` : `the end of the function at line ${line(paths.exit)}`;
  const exitMessage = paths.exit.type === 'return_statement' ? `this return leaves without calling ${name}()` : `the function ends here without calling ${name}()`;
  ctx.report({ node: call, messageId: 'notCalledOnPath', data: { name, api, where, leak: leak(api) }, related: [{ node: paths.exit, message: exitMessage }] });
}

/** `context.WithCancel(context.Background())` (or TODO): no timer, and a parent that is never cancelled
 * does not keep its children, so dropping this cancel function releases nothing it holds. */
function holdsNothing(ctx: RuleContext, site: Site): boolean {
  if (!WITH_CANCEL.has(site.api.slice('context.'.length))) return false;
  const parent = site.call.childForFieldName('arguments')?.namedChild(0);
  const root = parent ? unparen(parent) : undefined;
  const callee = root?.type === 'call_expression' ? root.childForFieldName('function') : null;
  const member = callee ? packageMember(ctx.file, callee, CONTEXT_PACKAGES) : undefined;
  return member === 'Background' || member === 'TODO';
}

/**
 * `ctx, cancel := context.WithCancel(context.Background())` replaced further down (`if flag { ctx, cancel
 * = withTimeout() }`) before the child was used: a parent that can never be cancelled does not keep
 * its children, so the replaced pair holds nothing and nobody was handed it.
 */
function unusedBackgroundChild(ctx: RuleContext, site: Site, overwrite: Node): boolean {
  if (overwrite.id === site.statement.id || !holdsNothing(ctx, site)) return false;
  const child = site.contexts[0]?.type === 'identifier' ? resolve(ctx.file, site.contexts[0]) : undefined;
  if (!child) return false;
  const from = site.statement.endIndex;
  return !references(ctx.file, child).some((u) => u.startIndex >= from && u.startIndex < overwrite.startIndex);
}

/** Reports a cancel deferred once per iteration of an endless loop; whether it did. */
function reportDeferredInLoop(ctx: RuleContext, fn: Node, site: Site, roles: Array<{ node: Node; role: Role }>, released: XSpec, name: string): boolean {
  const deferred = deferredInEndlessLoop(ctx.file, fn, site, roles, released);
  if (!deferred) return false;
  const held = WITH_CANCEL.has(site.api.slice('context.'.length)) ? 'one more child context attached to its parent' : 'one more timer and child context';
  ctx.report({ node: site.call, messageId: 'deferredInLoop', data: { name, held }, related: [{ node: deferred, message: `${name}() is deferred here, once per iteration` }] });
  return true;
}

/**
 * The `defer` of cancel that runs once per iteration of an endless `for { select ... }` loop around the
 * WithX call (a loop that serves until the goroutine stops): a path from it comes back to the call
 * without releasing the context, and the deferred calls pile up until the function returns. A `defer`
 * in a function literal called inside the loop (the body moved into a function) runs each time.
 */
function deferredInEndlessLoop(file: SourceFile, fn: Node, site: Site, roles: Array<{ node: Node; role: Role }>, released: XSpec): Node | undefined {
  for (const r of roles) {
    if (r.role !== 'call' && r.role !== 'deferred-call') continue;
    const stmt = deferOf(r.node, fn);
    const loop = stmt ? endlessSelectLoop(stmt, site.statement, fn) : undefined;
    if (!stmt || !loop || inOneShotTimerCase(file, stmt, loop)) continue;
    if (reachedWithout(fn, stmt, released, (s) => contains(s, site.call))) return stmt;
  }
  return undefined;
}

/** The `defer` statement of `fn` whose call holds the use (`defer cancel()`, `defer func() { cancel() }()`). */
function deferOf(use: Node, fn: Node): Node | undefined {
  for (let n = use.parent; n && n.id !== fn.id; n = n.parent) {
    if (n.type === 'defer_statement') return enclosingFunction(n)?.id === fn.id ? n : undefined;
  }
  return undefined;
}

/** The loop with no condition (`for { ... }`) of `fn` whose body selects and holds both nodes. */
function endlessSelectLoop(stmt: Node, site: Node, fn: Node): Node | undefined {
  for (let n = stmt.parent; n && n.id !== fn.id; n = n.parent) {
    if (isFunction(n)) return undefined;
    if (n.type !== 'for_statement' || !contains(n, site)) continue;
    if (!n.namedChildren.every((c) => c.type === 'block' || c.type === 'comment')) continue;
    // The innermost endless loop decides, so the body is searched once however deep the nesting.
    return n.descendantsOfType('select_statement').some((sel) => enclosingFunction(sel)?.id === fn.id) ? n : undefined;
  }
  return undefined;
}

/**
 * What releases the child context on a path: a call of cancel; a nil check of cancel (`if cancel !=
 * nil { cancel() }` runs where cancel may be unassigned, and the nil branch is not this context's
 * path; go vet counts it too); or receiving from the Done channel of the parent or of the child,
 * which is closed only once the child is cancelled and detached (`case <-ctx.Done(): return`).
 */
function releasedBy(ctx: RuleContext, site: Site, roles: Array<{ node: Node; role: Role }>): XSpec {
  const callIds = new Set(roles.filter((r) => r.role === 'call' || r.role === 'deferred-call').map((r) => r.node.id));
  const nilChecks = new Set(roles.filter((r) => r.role === 'nil-check').map((r) => r.node.parent!.id));
  const contexts = new Set<Binding>();
  for (const c of site.contexts) {
    const b = resolve(ctx.file, c);
    if (b) contexts.add(b);
  }
  return {
    types: ['call_expression', 'binary_expression', 'unary_expression'],
    isX: (n) => {
      if (n.type === 'binary_expression') return nilChecks.has(n.id);
      if (n.type === 'unary_expression') return isDoneReceive(ctx, n, contexts);
      const callee = n.childForFieldName('function');
      return callee !== null && callIds.has(unparen(callee).id);
    },
  };
}

/** `<-c.Done()` for one of the given context variables. */
function isDoneReceive(ctx: RuleContext, expr: Node, contexts: Set<Binding>): boolean {
  if (contexts.size === 0 || expr.child(0)?.type !== '<-') return false;
  const operand = expr.childForFieldName('operand');
  const callee = operand && unparen(operand).type === 'call_expression' ? unparen(operand).childForFieldName('function') : null;
  if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Done') return false;
  const target = callee.childForFieldName('operand');
  const binding = target ? resolve(ctx.file, unparen(target)) : undefined;
  return binding !== undefined && contexts.has(binding);
}


function isMainMain(ctx: RuleContext, fn: Node): boolean {
  return ctx.file.packageName === 'main' && fn.type === 'function_declaration' && fn.childForFieldName('name')?.text === 'main';
}

function leak(api: string): string {
  return WITH_CANCEL.has(api.slice('context.'.length))
    ? 'the child context stays attached to its parent until the parent is cancelled'
    : 'its timer and child context live until the deadline';
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
