import type { Node } from 'web-tree-sitter';
import type { PackageRef } from '../../src/analysis/package-scope.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { argumentsOf } from '../../src/analysis/calls.js';
import { hasUnkeyedElement, literalExpression, literalFields } from '../../src/analysis/struct-fields.js';
import { isHttpType } from '../../src/analysis/http-transport.js';
import { isZeroDuration } from '../../src/analysis/struct-fields.js';
import { packageMember } from '../../src/analysis/imports.js';
import { resolve } from '../../src/analysis/scopes.js';
import { valueUses } from '../../src/analysis/value-uses.js';
import { isUnixListener, READ_TIMEOUTS, SERVE_METHODS, serverUse } from './server-uses.js';
import { docs } from './docs.js';

const HEADERS = 'a client that sends its request headers slowly (slowloris) holds a connection and a goroutine for as long as it likes';
const IDLE = ', and idle keep-alive connections are never closed';
const FIX_HEADERS = 'set ReadHeaderTimeout (for example 10 * time.Second) to bound slow headers';
const FIX_IDLE = ', and IdleTimeout to bound keep-alive connections';

export const httpServerNoTimeout: Rule = {
  meta: {
    id: 'http-server-no-timeout',
    name: 'HttpServerNoTimeout',
    summary: 'An HTTP server without ReadHeaderTimeout or ReadTimeout: slow clients (slowloris) hold its connections and goroutines forever',
    defaultLevel: 'warning',
    tags: ['reliability', 'security', 'timeout', 'http', 'go'],
    precision: 'high',
    messages: {
      server: `{what}, so ${HEADERS}{idle}; ${FIX_HEADERS}{idleFix}`,
      packageFunction: `http.{fn} serves with a server that has no timeouts, so ${HEADERS}${IDLE}; use an http.Server with ReadHeaderTimeout set to bound slow headers${FIX_IDLE}, and call its {fn} method`,
    },
    docs,
  },
  // Nothing here can happen in a file that does not import net/http (under any name).
  textFilter: /"net\/http"/,
  create(ctx) {
    return {
      composite_literal: (lit) => {
        if (isHttpType(ctx.file, lit.childForFieldName('type'), 'Server')) checkServer(ctx, lit, lit);
      },
      call_expression: (call) => checkCall(ctx, call),
    };
  },
};

/** `new(http.Server)`, or `http.ListenAndServe(addr, h)` and its siblings. */
function checkCall(ctx: RuleContext, call: Node): void {
  const callee = call.childForFieldName('function');
  if (!callee) return;
  if (callee.type === 'identifier' && callee.text === 'new') {
    const arg = argumentsOf(call)[0];
    if (arg && !resolve(ctx.file, callee) && isHttpType(ctx.file, arg, 'Server')) checkServer(ctx, call, undefined);
    return;
  }
  const fn = packageMember(ctx.file, callee, ['net/http']);
  if (!fn || !SERVE_METHODS.has(fn)) return;
  if ((fn === 'Serve' || fn === 'ServeTLS') && isUnixListener(ctx.file, argumentsOf(call)[0])) return;
  ctx.report({ node: call, messageId: 'packageFunction', data: { fn } });
}

/**
 * An http.Server literal (or `new(http.Server)`) without a non-zero read timeout. Reported when the
 * package is seen to serve with it and none of its uses gives it a read timeout later, serves a unix
 * socket with it, or hands it to code out of sight (which may set the public fields).
 */
function checkServer(ctx: RuleContext, site: Node, lit: Node | undefined): void {
  const fields = lit ? literalFields(lit, []) : new Map<string, Node>();
  if (lit && hasUnkeyedElement(lit)) return;
  if (READ_TIMEOUTS.some((f) => fields.has(f) && !isZeroDuration(ctx.file, fields.get(f)!))) return;
  const serves: PackageRef[] = [];
  for (const use of valueUses(ctx.pkg, ctx.file, literalExpression(site)).uses) {
    // Test files show how tests use the server, not how the program does.
    if (use.file.isTest && !ctx.file.isTest) continue;
    const verdict = serverUse(use.file, use.node);
    if (verdict === 'serves') serves.push(use);
    else if (verdict !== 'neutral') return;
  }
  const first = serves[0];
  if (!first) return;
  const zeroed = READ_TIMEOUTS.find((f) => fields.has(f));
  const what = zeroed ? `this http.Server sets ${zeroed} to 0, which means no timeout` : 'this http.Server sets neither ReadHeaderTimeout nor ReadTimeout';
  const idleSet = fields.has('IdleTimeout') && !isZeroDuration(ctx.file, fields.get('IdleTimeout')!);
  ctx.report({
    node: site,
    messageId: 'server',
    data: { what, idle: idleSet ? '' : IDLE, idleFix: idleSet ? '' : FIX_IDLE },
    related: [{ file: first.file, node: first.node.parent ?? first.node, message: 'it serves here' }],
  });
}
