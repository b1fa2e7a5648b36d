import type { Node } from 'web-tree-sitter';
import { calledOnAllPaths, reachedWithout, type XSpec } from '../../src/analysis/flow.js';
import { packageMember } from '../../src/analysis/imports.js';
import { declaringFunction, references, resolve, type Binding } from '../../src/analysis/scopes.js';
import { roleOf, type Role } from '../../src/analysis/ownership.js';
import { contains, enclosingFunction, unparen } from '../../src/analysis/syntax.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';

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

const CONTEXT_PACKAGES = ['context', 'golang.org/x/net/context'];
const WITH_CANCEL = new Set(['WithCancel', 'WithCancelCause']);
const WITH_TIMER = new Set(['WithTimeout', 'WithDeadline', 'WithTimeoutCause', 'WithDeadlineCause']);

/** Where the cancel function of one WithX call goes. */
interface Site {
  call: Node;
  /** `context.WithTimeout`, as the message names it. */
  api: string;
  /** The statement holding the call: a `:=`, an `=` or a `var`. */
  statement: Node;
  /** The left-hand side that receives the cancel function. */
  target: Node;
  /** The parent context argument and the left-hand side that receives the child context. */
  contexts: Node[];
}

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
  if (site.target.type !== 'identifier') return;
  const binding = resolve(ctx.file, site.target);
  // A variable from outside this function (package-level, or captured from the enclosing function)
  // is cancelled, if at all, somewhere this function cannot see; a named result is returned.
  if (!binding || binding.kind === 'result' || declaringFunction(binding)?.id !== fn.id) return;
  checkUses(ctx, fn, site, binding);
}

function checkUses(ctx: RuleContext, fn: Node, site: Site, binding: Binding): void {
  const uses = references(ctx.file, binding).filter((u) => u.id !== site.target.id);
  const roles = uses.map((u) => ({ node: u, role: roleOf(u, fn) }));
  if (roles.some((r) => r.role === 'transfer')) return;
  const name = binding.name;
  const { api, call } = site;
  const released = releasedBy(ctx, site, roles);
  if (!roles.some((r) => r.role === 'call' || r.role === 'deferred-call')) {
    // Still silent when every path waits for the context to end (`<-ctx.Done()`).
    const paths = calledOnAllPaths(fn, site.statement, released);
    if (!paths || paths.ok) return;
    const blank = roles.some((r) => r.role === 'blank') ? ` (\`_ = ${name}\` only silences the compiler)` : '';
    return ctx.report({ node: call, messageId: 'neverCalled', data: { name, api, blank, leak: leak(api) } });
  }
  const writes = roles.filter((r) => r.role === 'write').map((r) => r.node);
  // `cancel = ...` or a `:=` that reuses `cancel` assigns the variable again: in a loop, that is this
  // very statement overwriting the previous iteration's cancel function.
  if (binding.node.id !== site.target.id) writes.push(site.target);
  const overwrite = reachedWithout(fn, site.statement, released, (stmt) => writes.some((w) => contains(stmt, w)));
  if (overwrite) {
    const where = overwrite.id === site.statement.id ? 'by the next loop iteration' : `at line ${line(overwrite)}`;
    const related = overwrite.id === site.statement.id ? [] : [{ node: overwrite, message: `${name} is overwritten here` }];
    return ctx.report({ node: call, messageId: 'overwritten', data: { name, api, where, leak: leak(api) }, related });
  }
  // A deferred closure calls whatever the variable holds at exit, even one registered before this
  // assignment (`defer func() { cancel() }()` above a retry loop), so every exit is covered.
  if (roles.some((r) => r.role === 'deferred-call')) return;
  const paths = calledOnAllPaths(fn, site.statement, released);
  if (!paths || paths.ok) return;
  const where = paths.exit.type === 'return_statement' ? `the return at line ${line(paths.exit)}` : `the end of the function at line ${line(paths.exit)}`;
  const exitMessage = paths.exit.type === 'return_statement' ? `this return leaves without calling ${name}()` : `the function ends here without calling ${name}()`;
  ctx.report({ node: call, messageId: 'notCalledOnPath', data: { name, api, where, leak: leak(api) }, related: [{ node: paths.exit, message: exitMessage }] });
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

/** `context.WithTimeout` if the call is one of the cancel-returning constructors of package context. */
function withFunction(ctx: RuleContext, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  // Cheap text test first: this runs on every call in every file.
  const name = callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee.text;
  if (!name || (!WITH_CANCEL.has(name) && !WITH_TIMER.has(name))) return undefined;
  return packageMember(ctx.file, callee, CONTEXT_PACKAGES) === name ? `context.${name}` : undefined;
}

/** The receiving side of `ctx, cancel := / = / var ... = context.WithX(...)`; undefined for any
 * other use of the call (returned, passed on), which hands the pair to someone else. */
function siteOf(call: Node, api: string): Site | undefined {
  const list = call.parent;
  if (list?.type !== 'expression_list' || list.namedChildCount !== 1) return undefined;
  const owner = list.parent;
  if (!owner) return undefined;
  let left: Node[] = [];
  let statement = owner;
  if (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') {
    if (owner.childForFieldName('right')?.id !== list.id) return undefined;
    left = owner.childForFieldName('left')?.namedChildren ?? [];
  } else if (owner.type === 'var_spec') {
    left = owner.childrenForFieldName('name');
    let decl = owner.parent;
    if (decl?.type === 'var_spec_list') decl = decl.parent;
    if (!decl) return undefined;
    statement = decl;
  }
  const target = left[1];
  if (left.length !== 2 || !target) return undefined;
  const parentArg = call.childForFieldName('arguments')?.namedChild(0);
  const contexts = [left[0]!, ...(parentArg ? [unparen(parentArg)] : [])].filter((n) => n.type === 'identifier');
  return { call, api, statement, target, contexts };
}

/** `WithTimeout(ctx, -time.Second)` or `WithTimeout(ctx, 0)`: the context package cancels such a
 * child before returning it (tests use it to get an expired context), so nothing is held. */
function alreadyExpired(call: Node, api: string): boolean {
  if (api !== 'context.WithTimeout' && api !== 'context.WithTimeoutCause') return false;
  const timeout = call.childForFieldName('arguments')?.namedChild(1);
  if (!timeout) return false;
  const value = unparen(timeout);
  return (value.type === 'unary_expression' && value.child(0)?.type === '-') || (value.type === 'int_literal' && /^0+$/.test(value.text));
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
