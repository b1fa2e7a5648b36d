import type { Node } from 'web-tree-sitter';
import { assignedValues, valueAssignedTo } from '../../src/analysis/assigned-values.js';
import { isZeroDuration, literalFields } from '../../src/analysis/struct-fields.js';
import { contextOf, HTTP, packageBindsRequests, requestContext, type RequestContext } from './http-requests.js';
import { isHttpType, transportOf } from '../../src/analysis/http-transport.js';
import { defineFact } from '../../src/analysis/fact-store.js';
import { packageMember } from '../../src/analysis/imports.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { enclosingFunction, unparen } from '../../src/analysis/syntax.js';
import type { PackageRef } from '../../src/analysis/package-scope.js';
import { argumentsOf } from '../../src/analysis/calls.js';
import { valueUses } from '../../src/analysis/value-uses.js';
import type { GoPackage, RelatedLocation, Rule, RuleContext, SourceFile } from '../../src/rule-api.js';
import { docs } from './docs.js';
import { codeText } from '../../src/analysis/code-text.js';

const HANG = 'so a request to a server that stops responding hangs forever, holding a goroutine and a connection';

/** Each finding's kind: what is wrong and how to fix it; the message adds what the hang costs, which
 * differs in a command (main-like code: the command hangs) from a service (a goroutine is stuck). */
type Kind = 'packageFunction' | 'defaultClient' | 'defaultClientStored' | 'client';
const WHAT: Record<Kind, string> = {
  packageFunction: 'http.{method} sends the request through http.DefaultClient, which has no timeout',
  defaultClient: '{client} has no timeout and {what}',
  defaultClientStored: 'http.DefaultClient has no timeout and is kept here for requests sent without a context (line {line})',
  client: '{what}{via}',
};
const FIX: Record<Kind, string> = {
  packageFunction: 'use a client with Timeout set, or http.NewRequestWithContext with a deadline and a client you configure',
  defaultClient: 'use a client with Timeout set, or build the request with http.NewRequestWithContext and a deadline',
  defaultClientStored: 'keep a client with Timeout set instead, or build each request with http.NewRequestWithContext and a deadline',
  client: 'set Timeout on the client, or send each request with http.NewRequestWithContext and a context with a deadline',
};

export const httpClientNoTimeout: Rule = {
  meta: {
    id: 'http-client-no-timeout',
    name: 'HttpClientNoTimeout',
    summary: 'An HTTP request can hang forever: an http.Client without a Timeout, or a call through http.DefaultClient',
    defaultLevel: 'warning',
    tags: ['reliability', 'timeout', 'http', 'go'],
    precision: 'high',
    messages: {
      packageFunction: `${WHAT.packageFunction}, ${HANG}; ${FIX.packageFunction}`,
      defaultClient: `${WHAT.defaultClient}, ${HANG}; ${FIX.defaultClient}`,
      defaultClientStored: `${WHAT.defaultClientStored}, ${HANG}; ${FIX.defaultClientStored}`,
      client: `${WHAT.client}, ${HANG}; ${FIX.client}`,
      inCommand: '{what}, so this command hangs forever when the server stops responding; {fix}',
    },
    docs,
  },
  // Nothing here can happen in a file that does not import net/http (under any name).
  textFilter: /"net\/http"/,
  create(ctx) {
    const mentionsDefault = ctx.file.text.includes('DefaultClient');
    const methodValues = methodValueNames(ctx.file.text);
    return {
      composite_literal: (lit) => {
        if (isHttpType(ctx.file, lit.childForFieldName('type'), 'Client')) checkClient(ctx, lit, literalFields(lit, CLIENT_FIELDS));
      },
      call_expression: (call) => checkCall(ctx, call, methodValues),
      ...(mentionsDefault ? { selector_expression: (sel: Node) => checkStoredDefaultClient(ctx, sel) } : {}),
    };
  },
};

/** http.Client's fields in declaration order, for unkeyed literals. */
const CLIENT_FIELDS = ['Transport', 'CheckRedirect', 'Jar', 'Timeout'];
const CTXHTTP = 'golang.org/x/net/context/ctxhttp';
/** Client methods that build their own request, without a context. */
const PLAIN_METHODS = new Set(['Get', 'Head', 'Post', 'PostForm']);

/** The names a file assigns a request method value to (`send := c.Do`, `get = http.DefaultClient.Get`,
 * `var post = c.Post`), found in the text: only calls of these names are asked of scope resolution,
 * which every other plain call in the file would otherwise pay for. */
function methodValueNames(text: string): ReadonlySet<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*:?=\s*[\w.()[\]&*]*\.\s*(?:Do|Get|Head|Post|PostForm)\b(?![ \t]*[(\w])/g)) names.add(m[1]!);
  return names;
}

function checkCall(ctx: RuleContext, call: Node, methodValues: ReadonlySet<string>): void {
  const callee = call.childForFieldName('function');
  if (!callee) return;
  if (callee.type === 'identifier' && callee.text === 'new') {
    const arg = call.childForFieldName('arguments')?.namedChild(0);
    if (arg && !resolve(ctx.file, callee) && isHttpType(ctx.file, arg, 'Client')) checkClient(ctx, call, new Map());
    return;
  }
  // Cheap text test first: this runs on every call of every file that imports net/http.
  let method = callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee.text;
  let operand = callee.type === 'selector_expression' ? callee.childForFieldName('operand') : null;
  if (callee.type === 'identifier' && methodValues.has(callee.text)) {
    // `send := http.DefaultClient.Do` then `send(req)`.
    const bound = methodValueOf(ctx.file, callee);
    if (bound) [method, operand] = [bound.field.text, bound.operand];
  }
  if (!method || (!PLAIN_METHODS.has(method) && method !== 'Do')) return;
  if (defaultClientReplaced(ctx.pkg)) return;
  if (method !== 'Do' && packageMember(ctx.file, callee, [HTTP]) === method) {
    return say(ctx, call, 'packageFunction', { method }, [{ file: ctx.file, node: call }]);
  }
  const client = operand ? defaultClient(ctx, unparen(operand)) : undefined;
  if (!operand || !client) return;
  if (method === 'Do') {
    const req = argumentsOf(call)[0];
    const verdict = callee.type === 'identifier' ? (req ? requestContext(ctx.pkg, ctx.file, req) : 'context') : useOfClient(ctx, ctx.file, operand);
    if (!unbounded(ctx, verdict)) return;
  }
  const what = method === 'Do' ? 'this request carries no context that could cancel it' : `${method} builds a request without a context`;
  say(ctx, call, 'defaultClient', { client, what }, [{ file: ctx.file, node: call }]);
}

/** A local variable only ever given a method value of a client (`send := c.Do`): the selector. */
function methodValueOf(file: SourceFile, ident: Node): { operand: Node; field: Node } | undefined {
  const binding = resolve(file, ident);
  const values = binding && binding.scope.kind !== 'package' ? assignedValues(file, binding) : undefined;
  const sels = (values ?? []).map((v) => unparen(v));
  const first = sels[0];
  if (!first || sels.some((v) => v.type !== 'selector_expression' || v.text !== first.text)) return undefined;
  const operand = first.childForFieldName('operand');
  const field = first.childForFieldName('field');
  return operand && field ? { operand, field } : undefined;
}

/**
 * `http.DefaultClient` handed on rather than called: stored in a struct field (`&poster{client:
 * http.DefaultClient}`), passed to a function of the package, returned. Followed like a client literal
 * to where requests are sent through it; a local variable given it is judged at its calls instead
 * (see defaultClient).
 */
function checkStoredDefaultClient(ctx: RuleContext, sel: Node): void {
  if (sel.childForFieldName('field')?.text !== 'DefaultClient' || packageMember(ctx.file, sel, [HTTP]) !== 'DefaultClient') return;
  const outer = outerOf(sel);
  const parent = outer.parent;
  if (!parent || (parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === outer.id)) return;
  if (valueAssignedTo(outer) !== undefined || assignedToVariable(outer) || defaultClientReplaced(ctx.pkg)) return;
  const requests = unboundedUses(ctx, outer);
  if (!requests) return;
  const line = requests[0]!.node.startPosition.row + 1;
  const where = requests[0]!.file === ctx.file ? `${line}` : `${line} of ${requests[0]!.file.path.split('/').pop()}`;
  say(ctx, sel, 'defaultClientStored', { line: where }, requests, [{ node: requests[0]!.node, file: requests[0]!.file, message: 'a request without a context is sent through it here' }]);
}

/** `c := x`, `c = x`, `var c = x` with `c` a plain variable. */
function assignedToVariable(value: Node): boolean {
  const list = value.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || !owner) return false;
  if (owner.type === 'var_spec') return true;
  if (owner.type !== 'short_var_declaration' && owner.type !== 'assignment_statement') return false;
  const i = list.namedChildren.findIndex((n) => n.id === value.id);
  return owner.childForFieldName('left')?.namedChildren[i]?.type === 'identifier';
}

/** Reports a finding; when every request it is about is made from main-like code (main, init, a CLI
 * command action, what only they call), says that the command hangs. */
function say(ctx: RuleContext, node: Node, kind: Kind, data: Record<string, string>, requests: PackageRef[], related?: RelatedLocation[]): void {
  const program = ctx.facts.program;
  const inCommand =
    requests.length > 0 &&
    requests.every((r) => {
      const fn = enclosingFunction(r.node);
      return fn !== undefined && program.isMainLike(fn, r.file);
    });
  const extra = related ? { related } : {};
  if (!inCommand) return ctx.report({ node, messageId: kind, data, ...extra });
  const what = WHAT[kind].replace(/\{(\w+)\}/g, (m, k: string) => data[k] ?? m);
  ctx.report({ node, messageId: 'inCommand', data: { what, fix: FIX[kind] }, ...extra });
}

/** `http.DefaultClient.Timeout = d` or `http.DefaultClient = &http.Client{...}` somewhere in the package
 * (a command's main often does this): the default client is then the package's own to judge. */
function defaultClientReplaced(pkg: GoPackage): boolean {
  return pkg.store.get(DEFAULT_CLIENT_REPLACED, pkg);
}

const DEFAULT_CLIENT_REPLACED = defineFact<GoPackage, boolean>('http-default-client-replaced', (pkg) =>
  pkg.files.some((f) => /\bDefaultClient(\s*\.\s*Timeout)?\s*=[^=]/.test(f.text)),
);

/** `http.DefaultClient` itself, or a variable given it (`c := http.DefaultClient`, perhaps on one branch
 * only): how the message names it. */
function defaultClient(ctx: RuleContext, operand: Node): string | undefined {
  if (packageMember(ctx.file, operand, [HTTP]) === 'DefaultClient') return 'http.DefaultClient';
  const binding = operand.type === 'identifier' ? resolve(ctx.file, operand) : undefined;
  const values = binding ? assignedValues(ctx.file, binding) : undefined;
  const held = values?.some((v) => packageMember(ctx.file, unparen(v), [HTTP]) === 'DefaultClient');
  return held ? `${codeText(operand)} may be http.DefaultClient, which` : undefined;
}

/**
 * An http.Client literal or `new(http.Client)` with the fields it sets. Reported when some request is
 * seen to be sent through it without a context, unless it gets a non-zero Timeout (in the literal or
 * later, `c.Timeout = ...`) or its visible transport bounds the wait for a response.
 */
function checkClient(ctx: RuleContext, site: Node, fields: Map<string, Node>): void {
  const timeout = fields.get('Timeout');
  if (timeout && !isZeroDuration(ctx.file, timeout)) return;
  const transport = transportOf(ctx.pkg, ctx.file, fields.get('Transport'));
  if (transport?.headerTimeout || transport?.connDeadlines) return;
  const requests = unboundedUses(ctx, outerOf(site));
  if (!requests) return;
  const what = timeout ? 'this http.Client sets Timeout to 0, which means no timeout' : 'this http.Client has no Timeout';
  const via = !transport ? '' : transport.dialTimeout ? " (its transport's dial timeout bounds only connecting)" : ' and its http.Transport sets no ResponseHeaderTimeout';
  say(ctx, site, 'client', { what, via }, requests);
}

/**
 * The uses of a client value through which a request leaves without a bound, when the uses say that
 * the client as a whole is unbounded (none of them gives it a Timeout); undefined otherwise.
 * Only a request seen leaving without a bound counts: a client handed to code out of sight may still
 * get its Timeout there (it is a public field) or be used with contexts only.
 */
function unboundedUses(ctx: RuleContext, value: Node): PackageRef[] | undefined {
  // Test files show how tests use the client, not how the program does.
  const uses = valueUses(ctx.pkg, ctx.file, value).uses.filter((u) => ctx.file.isTest || !u.file.isTest);
  let verdict: Verdict = 'context';
  const requests: PackageRef[] = [];
  for (const use of uses) {
    const v = useOfClient(ctx, use.file, use.node);
    if (v === 'none') requests.push(use);
    verdict = worse(verdict, v);
  }
  return verdict === 'none' ? requests : undefined;
}

/** What the uses of a client say, worst last: a Timeout given after all beats everything. */
type Verdict = RequestContext | 'timeout';
const RANK: Verdict[] = ['context', 'unknown', 'none', 'timeout'];

function worse(a: Verdict, b: Verdict): Verdict {
  return RANK.indexOf(a) >= RANK.indexOf(b) ? a : b;
}

/** One use of a client: 'timeout' if it is given one (`c.Timeout = d`, or `*c = *configured`), else
 * how the request it sends is bounded ('context' for a use that sends none, like `c.Transport`);
 * 'unknown' for a client handed on to code we do not follow. */
function useOfClient(ctx: RuleContext, file: SourceFile, client: Node): Verdict {
  const parent = client.parent;
  if (parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '*') return valueAssignedTo(parent) ? 'timeout' : 'unknown';
  if (parent?.type === 'argument_list') return ctxhttpUse(file, parent, client);
  if (parent?.type !== 'selector_expression' || parent.childForFieldName('operand')?.id !== client.id) return 'unknown';
  const method = parent.childForFieldName('field')?.text ?? '';
  const call = parent.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== parent.id) {
    if (PLAIN_METHODS.has(method) || method === 'Do') return methodValueUse(ctx, file, parent, method);
    return method === 'Timeout' && valueAssignedTo(parent) && !isZeroDuration(file, valueAssignedTo(parent)!) ? 'timeout' : 'context';
  }
  if (PLAIN_METHODS.has(method)) return 'none';
  const req = call.childForFieldName('arguments')?.namedChild(0);
  return method === 'Do' && req ? requestContext(ctx.pkg, file, req) : 'context';
}

/** A method value of the client (`get := c.Get`): the calls of the local variable it is given send
 * the requests; handed anywhere else it is out of sight. */
function methodValueUse(ctx: RuleContext, file: SourceFile, sel: Node, method: string): Verdict {
  const list = sel.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || (owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement')) return 'unknown';
  const i = list.namedChildren.findIndex((n) => n.id === sel.id);
  const target = owner.childForFieldName('left')?.namedChildren[i];
  const binding = target?.type === 'identifier' && owner.childForFieldName('right')?.id === list.id ? resolve(file, target) : undefined;
  if (!binding || binding.scope.kind === 'package') return 'unknown';
  let verdict: Verdict = 'context';
  for (const ref of references(file, binding)) {
    const call = ref.parent;
    if (valueAssignedTo(ref) !== undefined) continue;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== ref.id) return 'unknown';
    const req = argumentsOf(call)[0];
    verdict = worse(verdict, method !== 'Do' ? 'none' : req ? requestContext(ctx.pkg, file, req) : 'context');
  }
  return verdict;
}

/** `ctxhttp.Do(ctx, client, req)` (golang.org/x/net/context/ctxhttp) sends with the given context. */
function ctxhttpUse(file: SourceFile, args: Node, client: Node): Verdict {
  const callee = args.parent?.type === 'call_expression' ? args.parent.childForFieldName('function') : null;
  const list = args.namedChildren.filter((a) => a.type !== 'comment');
  if (!callee || list[1]?.id !== client.id || !packageMember(file, callee, [CTXHTTP])) return 'unknown';
  return contextOf(file, list[0]);
}

/** Whether a request through http.DefaultClient may hang: it carries no context, or it comes from
 * somewhere out of sight and nothing in the package binds requests to contexts. */
function unbounded(ctx: RuleContext, verdict: Verdict): boolean {
  return verdict === 'none' || (verdict === 'unknown' && !packageBindsRequests(ctx.pkg));
}

/** The literal with any `&` and parentheses around it. */
function outerOf(site: Node): Node {
  let n = site;
  for (let p = n.parent; p; p = n.parent) {
    if (p.type === 'parenthesized_expression' || (p.type === 'unary_expression' && p.childForFieldName('operator')?.text === '&')) n = p;
    else break;
  }
  return n;
}


