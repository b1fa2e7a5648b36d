import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { defineFact } from '../../src/analysis/fact-store.js';
import { assignedValues, valueAssignedTo } from '../../src/analysis/assigned-values.js';
import { argumentsOf, callsOf, parameterNames } from '../../src/analysis/calls.js';
import { fieldAssigned } from '../../src/analysis/fields.js';
import { importTable, isPackageRef, packageMember } from '../../src/analysis/imports.js';
import { resolve, references, type Binding } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';
import { isImportedType, typeOf } from '../../src/analysis/type-of.js';

/**
 * Whether an `*http.Request` carries a context that its caller can cancel: built with
 * `http.NewRequestWithContext(ctx, ...)`, rebound with `req.WithContext(ctx)` / `req.Clone(ctx)`, or
 * given the older `req.Cancel = ctx.Done()`. A context that is only ever `context.Background()` or
 * `context.TODO()` cancels nothing and does not count; any other context (a parameter, a
 * `context.WithTimeout` child) does: its owner decides when the request ends.
 */

export const HTTP = 'net/http';
const CONTEXT = ['context', 'golang.org/x/net/context'];

/** 'context': bound to a cancellable context; 'none': built without one (`http.NewRequest` and nothing
 * after); 'unknown': the request comes from somewhere this file does not show (a parameter, a helper). */
export type RequestContext = 'context' | 'none' | 'unknown';

/** What binds the request expression `expr` (the argument of `Client.Do`) to a context. */
export function requestContext(pkg: GoPackage, file: SourceFile, expr: Node, depth = 0): RequestContext {
  const e = unparen(expr);
  if (e.type === 'call_expression') return requestCall(pkg, file, e) ?? 'unknown';
  const binding = e.type === 'identifier' ? resolve(file, e) : undefined;
  if (!binding || binding.scope.kind === 'package') return 'unknown';
  for (const ref of references(file, binding)) {
    if (fieldAssigned(ref, 'Cancel')) return 'context';
    const call = methodCallOf(ref);
    if (call && requestCall(pkg, file, call) === 'context') return 'context';
    // `req = req.WithContext(ctx)` style rebinding is above; any other write of a parameter hides
    // what the callers passed.
    if (binding.kind === 'param' && valueAssignedTo(ref)) return 'unknown';
  }
  if (binding.kind === 'param') return passedRequests(pkg, file, binding.node, depth);
  // `req = sign(*req)` derives the request from itself, and keeps whatever context it had.
  const values = assignedValues(file, binding)?.filter((v) => !derivedFrom(file, v, binding));
  if (!values || values.length === 0) return 'unknown';
  const kinds = values.map((v) => (unparen(v).type === 'call_expression' ? requestCall(pkg, file, unparen(v)) : undefined));
  if (kinds.includes('context')) return 'context';
  return kinds.every((k) => k === 'none') ? 'none' : 'unknown';
}

const MAX_DEPTH = 4;

/**
 * A request parameter (`func send(req *http.Request)`): what the package's callers pass. 'none' when
 * some caller passes a request without a context (that request hangs), 'context' when every caller
 * binds one, 'unknown' otherwise (no caller in sight, or one passing what we cannot see).
 */
function passedRequests(pkg: GoPackage, file: SourceFile, param: Node, depth: number): RequestContext {
  // Once per parameter: the answer does not depend on who asks (a cycle of calls reads 'unknown').
  const memo = pkg.store.get(PASSED, pkg);
  const key = `${file.path}:${param.startIndex}`;
  const known = memo.get(key);
  if (known) return known;
  memo.set(key, 'unknown');
  const answer = passedRequestsOnce(pkg, file, param, depth);
  memo.set(key, answer);
  return answer;
}

const PASSED = defineFact<GoPackage, Map<string, RequestContext>>('http-passed-requests', () => new Map());

function passedRequestsOnce(pkg: GoPackage, file: SourceFile, param: Node, depth: number): RequestContext {
  const decl = param.parent?.parent?.parent;
  if (depth >= MAX_DEPTH || !decl || (decl.type !== 'function_declaration' && decl.type !== 'method_declaration')) return 'unknown';
  if (decl.childForFieldName('parameters')?.id !== param.parent?.parent?.id) return 'unknown';
  const index = parameterNames(decl).findIndex((n) => n.id === param.id);
  const calls = index < 0 ? [] : callsOf(pkg, { file, node: decl });
  if (calls.length === 0) return 'unknown';
  let all: RequestContext = 'context';
  for (const call of calls) {
    const arg = argumentsOf(call.node)[index];
    const kind = arg ? requestContext(pkg, call.file, arg, depth + 1) : 'unknown';
    if (kind === 'none') return 'none';
    if (kind === 'unknown') all = 'unknown';
  }
  return all;
}

const HINT = /NewRequestWithContext|\.WithContext\(|\.Clone\(|\.Cancel\s*=/;

/**
 * Whether some non-test file of the package binds requests to cancellable contexts: then a client the
 * package shares (returned, stored in a struct) is presumably used that way, and each request's
 * deadline is its caller's to set.
 */
export function packageBindsRequests(pkg: GoPackage): boolean {
  return pkg.store.get(BINDS_REQUESTS, pkg);
}

const BINDS_REQUESTS = defineFact<GoPackage, boolean>('http-package-binds-requests', (pkg) =>
  pkg.files.some((f) => !f.isTest && HINT.test(f.text) && fileBindsRequests(pkg, f)),
);

function fileBindsRequests(pkg: GoPackage, file: SourceFile): boolean {
  for (const call of file.tree.rootNode.descendantsOfType('call_expression')) {
    if (requestCall(pkg, file, call) === 'context') return true;
  }
  return file.tree.rootNode.descendantsOfType('selector_expression').some((sel) => {
    const operand = sel.childForFieldName('operand');
    return operand !== null && fieldAssigned(operand, 'Cancel');
  });
}

/** `http.NewRequest(...)`, `http.NewRequestWithContext(ctx, ...)`, `req.WithContext(ctx)`,
 * `req.Clone(ctx)`: whether the request it makes carries a cancellable context; undefined for any
 * other call. */
function requestCall(pkg: GoPackage, file: SourceFile, call: Node): RequestContext | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  const name = callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee.text;
  if (name === 'NewRequest' || name === 'NewRequestWithContext') {
    if (packageMember(file, callee, [HTTP]) !== name) return undefined;
    return name === 'NewRequest' ? 'none' : contextOf(file, args[0]);
  }
  if ((name !== 'WithContext' && name !== 'Clone') || callee.type !== 'selector_expression') return undefined;
  const receiver = callee.childForFieldName('operand');
  if (!receiver || !maybeRequest(pkg, file, receiver)) return undefined;
  return contextOf(file, args[0]);
}

/** A receiver that is not a package (`errgroup.WithContext`) nor evidently of another type. */
function maybeRequest(pkg: GoPackage, file: SourceFile, receiver: Node): boolean {
  const r = unparen(receiver);
  if (r.type === 'identifier' && importTable(file).some((e) => !e.dot && isPackageRef(file, r, e.path))) return false;
  const type = typeOf(pkg, file, r);
  return type === undefined || isImportedType(type, HTTP, 'Request');
}

/** Whether a context expression can be cancelled: `Background()` / `TODO()`, directly or through a
 * variable only ever given those, cannot ('none'). */
export function contextOf(file: SourceFile, ctxExpr: Node | undefined): RequestContext {
  if (!ctxExpr) return 'unknown';
  const e = unparen(ctxExpr);
  if (e.type === 'call_expression') return neverCancelled(file, e) ? 'none' : 'context';
  const binding = e.type === 'identifier' ? resolve(file, e) : undefined;
  const values = binding ? assignedValues(file, binding) : undefined;
  if (values && values.length > 0 && values.every((v) => unparen(v).type === 'call_expression' && neverCancelled(file, unparen(v)))) return 'none';
  return 'context';
}

function neverCancelled(file: SourceFile, call: Node): boolean {
  const callee = call.childForFieldName('function');
  const name = callee ? packageMember(file, callee, CONTEXT) : undefined;
  return name === 'Background' || name === 'TODO';
}

/** A call taking the variable itself (`req` or `*req`) as an argument, other than a request call. */
function derivedFrom(file: SourceFile, value: Node, binding: Binding): boolean {
  const v = unparen(value);
  if (v.type !== 'call_expression') return false;
  return (v.childForFieldName('arguments')?.namedChildren ?? []).some((a) => {
    const arg = unparen(a);
    const ident = arg.type === 'unary_expression' ? arg.childForFieldName('operand') : arg;
    return ident?.type === 'identifier' && resolve(file, ident) === binding;
  });
}

/** The call `ref.M(...)` when `ref` is the receiver of a method call. */
function methodCallOf(ref: Node): Node | undefined {
  const sel = ref.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.id !== ref.id) return undefined;
  const call = sel.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.id === sel.id ? call : undefined;
}
