import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { acquisitionOf, type LifetimeRow } from '../../src/analysis/lifetime.js';
import { followLifetime, type Leak } from '../../src/analysis/lifetime-walk.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { contains, enclosingFunction, isFunction, unparen } from '../../src/analysis/syntax.js';
import type { GoPackage, Rule, RuleContext, SourceFile } from '../../src/rule-api.js';
import { CANCEL_SHAPE, cancelRow, cancelUses, contextsOf, type CancelUse, type LocalAcquisition } from './cancel-row.js';
import { docs } from './docs.js';
import { handedToGoroutine } from './handed-on.js';
import { inOneShotTimerCase } from './one-shot.js';
import { alreadyExpired, CONTEXT_PACKAGES, WITH_CANCEL, WITH_TIMER, withFunction } from './sites.js';
import { fieldRead, fieldStoredInto, packageVarRead, storedField } from './stored-cancel.js';

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
  const acq = acquisitionOf(ctx.file, call, CANCEL_SHAPE);
  if (acq?.kind === 'dropped' || acq?.kind === 'discarded') return ctx.report({ node: call, messageId: acq.kind, data: { api, leak: leak(api) } });
  if (acq?.kind === 'stored') return checkStoredTarget(ctx, call, api, acq.target);
  // Handed on (returned, a named result): someone else's; local: the path question.
  if (acq?.kind === 'local') checkUses(ctx, { ...acq, api, ...contextsOf(acq) });
}

/** A cancel function assigned to an unexported field or package variable that nothing in the package reads. */
function checkStoredTarget(ctx: RuleContext, call: Node, api: string, target: Node): void {
  const field = storedField(target);
  if (field !== undefined) return checkStored(ctx, call, api, field, target.text.replace(/\s+/g, ''), fieldRead);
  if (target.type !== 'identifier') return;
  // A variable from outside this function (package-level, or captured from the enclosing function) is
  // cancelled, if at all, somewhere this function cannot see.
  const global = resolve(ctx.file, target) ?? ctx.facts.packageScope.resolve(ctx.file, target)?.binding;
  if (global?.kind === 'var' && global.scope.kind === 'package') checkStored(ctx, call, api, global.name, `package variable ${global.name}`, packageVarRead);
}

/** A cancel function kept in an unexported field or package variable that nothing in the package reads. */
function checkStored(ctx: RuleContext, call: Node, api: string, key: string, name: string, isRead: (pkg: GoPackage, key: string) => boolean): void {
  if (holdsNothing(ctx, call, api) || isRead(ctx.pkg, key)) return;
  ctx.report({ node: call, messageId: 'storedNeverCalled', data: { name, api, leak: leak(api) } });
}

/** A WithX call whose cancel function is bound to a local variable. */
interface Site extends LocalAcquisition {
  /** `context.WithTimeout`, as the message names it. */
  api: string;
  /** The left-hand side that receives the child context. */
  child: Node | undefined;
  /** The child and the parent context, where they are names. */
  contexts: Node[];
}

const isCall = (r: CancelUse) => r.role === 'call' || r.role === 'deferred-call';

function checkUses(ctx: RuleContext, site: Site): void {
  const roles = cancelUses(ctx.file, site);
  const name = site.binding.name;
  const { api, call } = site;
  const transfers = roles.filter((r) => r.role === 'transfer');
  if (transfers.length > 0) {
    // Handed to a field of the owner (`s.cancel = cancel`): fine if the package ever reads that field.
    const fields = transfers.map((r) => fieldStoredInto(r.node));
    if (roles.some(isCall)) return;
    if (holdsNothing(ctx, call, api) || fields.some((f) => f === undefined || fieldRead(ctx.pkg, f))) return;
    return ctx.report({ node: call, messageId: 'storedNeverCalled', data: { name: `field ${fields.join(', ')}`, api, leak: leak(api) } });
  }
  const row = cancelRow(ctx.file, roles, site.contexts);
  const life = followLifetime(ctx.file, site, row);
  if (!life) return;
  // A timer context handed to goroutines that outlive this path is released by its deadline, by design:
  // cancelling at the end of the path would cut their work off.
  if (WITH_TIMER.has(api.slice('context.'.length)) && site.child && handedToGoroutine(ctx.pkg, ctx.file, site.child, site.statement.endIndex)) {
    reportDeferredInLoop(ctx, site, roles, row, name);
    return;
  }
  if (!roles.some(isCall)) {
    // Silent when every path waits for the context to end (`<-ctx.Done()`) before it leaves, comes back
    // to this statement or replaces cancel: the receive in another select case does not release the
    // context the last iteration made, nor a wait on the replacement the one it replaced.
    if (life.leaks.length === 0) return;
    const blank = roles.some((r) => r.role === 'blank') ? ` (\`_ = ${name}\` only silences the compiler)` : '';
    return ctx.report({ node: call, messageId: 'neverCalled', data: { name, api, blank, leak: leak(api) } });
  }
  // `cancel = ...` or a `:=` that reuses `cancel` assigns the variable again: in a loop, that is this
  // very statement overwriting the previous iteration's cancel function.
  const reassigns = site.binding.node.id !== site.target.id;
  const overwrite = life.leaks.find((l) => l.kind === 'overwrite' || (l.kind === 'loop' && reassigns));
  if (overwrite && !unusedBackgroundChild(ctx, site, overwrite)) {
    const where = overwrite.kind === 'loop' ? 'by the next loop iteration' : `at line ${line(overwrite.node)}`;
    const related = overwrite.kind === 'loop' ? [] : [{ node: overwrite.node, message: `${name} is overwritten here` }];
    return ctx.report({ node: call, messageId: 'overwritten', data: { name, api, where, leak: leak(api) }, related });
  }
  if (reportDeferredInLoop(ctx, site, roles, row, name)) return;
  // A deferred closure calls whatever the variable holds at exit, even one registered before this
  // assignment (`defer func() { cancel() }()` above a retry loop), so every exit is covered.
  if (roles.some((r) => r.role === 'deferred-call')) return;
  const exit = life.leaks.find((l) => l.kind === 'exit');
  if (!exit) {
    // A `:=` in a loop body declares a new cancel each iteration; one that comes round again without
    // a call (a `<-ctx.Done()` in another select case releases nothing on that path) lost the last.
    if (life.leaks.some((l) => l.kind === 'loop')) {
      ctx.report({ node: call, messageId: 'overwritten', data: { name, api, where: 'by the next loop iteration', leak: leak(api) } });
    }
    return;
  }
  const returns = exit.node.type === 'return_statement';
  const where = returns ? `the return at line ${line(exit.node)}` : `the end of the function at line ${line(exit.node)}`;
  const exitMessage = returns ? `this return leaves without calling ${name}()` : `the function ends here without calling ${name}()`;
  ctx.report({ node: call, messageId: 'notCalledOnPath', data: { name, api, where, leak: leak(api) }, related: [{ node: exit.node, message: exitMessage }] });
}

/** `context.WithCancel(context.Background())` (or TODO): no timer, and a parent that is never cancelled
 * does not keep its children, so dropping this cancel function releases nothing it holds. */
function holdsNothing(ctx: RuleContext, call: Node, api: string): boolean {
  if (!WITH_CANCEL.has(api.slice('context.'.length))) return false;
  const parent = call.childForFieldName('arguments')?.namedChild(0);
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
function unusedBackgroundChild(ctx: RuleContext, site: Site, overwrite: Leak): boolean {
  if (overwrite.kind === 'loop' || !holdsNothing(ctx, site.call, site.api)) return false;
  const child = site.contexts[0]?.type === 'identifier' ? resolve(ctx.file, site.contexts[0]) : undefined;
  if (!child) return false;
  const from = site.statement.endIndex;
  return !references(ctx.file, child).some((u) => u.startIndex >= from && u.startIndex < overwrite.node.startIndex);
}

/** Reports a cancel deferred once per iteration of an endless loop; whether it did. */
function reportDeferredInLoop(ctx: RuleContext, site: Site, roles: CancelUse[], row: LifetimeRow, name: string): boolean {
  const deferred = deferredInEndlessLoop(ctx.file, site, roles, row);
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
function deferredInEndlessLoop(file: SourceFile, site: Site, roles: CancelUse[], row: LifetimeRow): Node | undefined {
  const { fn } = site;
  for (const r of roles) {
    if (!isCall(r)) continue;
    const stmt = deferOf(r.node, fn);
    const loop = stmt ? endlessSelectLoop(stmt, site.statement, fn) : undefined;
    if (!stmt || !loop || inOneShotTimerCase(file, stmt, loop)) continue;
    if (followLifetime(file, site, row, { from: stmt })?.leaks.some((l) => l.kind === 'loop')) return stmt;
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
