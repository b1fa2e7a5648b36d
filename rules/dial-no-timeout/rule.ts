import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { literalFields } from '../../src/analysis/struct-fields.js';
import { declaringFunction, resolve } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';
import { importedTypeName, typeRef } from '../../src/analysis/type-of.js';
import type { Rule, RuleContext, SourceFile } from '../../src/rule-api.js';
import { connGetsDeadline } from './deadlines.js';
import { neverEnds, unboundedDialer } from './dialers.js';
import { configuredNetwork, localAddress, quietNetwork } from './endpoints.js';
import { docs } from './docs.js';

const CONNECT = 'a peer that never answers holds this goroutine for the OS connect timeout (minutes)';
const DIAL_FIX = 'dial with net.DialTimeout or a net.Dialer with Timeout set, and set a deadline (SetDeadline) before each exchange';

export const dialNoTimeout: Rule = {
  meta: {
    id: 'dial-no-timeout',
    name: 'DialNoTimeout',
    summary: 'A network dial with no timeout (net.Dial, net.DialTCP, tls.Dial, a net.Dialer without Timeout): a peer that does not answer stalls the caller',
    defaultLevel: 'warning',
    tags: ['reliability', 'timeout', 'net', 'go'],
    precision: 'high',
    messages: {
      dial: `{api} dials with no timeout and the connection is given no deadline here, so ${CONNECT} and one that stops responding blocks its reads and writes forever; ${DIAL_FIX}`,
      tlsDial: 'tls.Dial has no timeout for the connect or the TLS handshake, so a peer that accepts the connection and then sends nothing blocks this goroutine forever; use tls.DialWithDialer with a net.Dialer that has a Timeout (it bounds the handshake too), or tls.Dialer.DialContext with a deadline',
      dialer: 'this net.Dialer has no Timeout or Deadline and {how}, so a peer that never answers blocks this goroutine {howLong}; set its Timeout (net.Dialer{Timeout: 10 * time.Second}) or dial with DialContext and a context that has a deadline',
      transportDial: "the deprecated http.Transport.Dial is given {value}, which has no timeout, and a request's context cannot cancel a dial made through it, so every request to a peer that never answers leaves a dial blocked for the OS connect timeout; set DialContext: (&net.Dialer{Timeout: 30 * time.Second}).DialContext instead",
    },
    docs,
  },
  // Every hazard here spells a dial (`net.Dial`, `d.Dial(`, `DialWithDialer`, the field `Dial:`).
  textFilter: /\bDial/,
  create(ctx) {
    const http = /"net\/http"/.test(ctx.file.text);
    return {
      call_expression: (call) => checkCall(ctx, call),
      ...(http ? { composite_literal: (lit: Node) => checkTransport(ctx, lit) } : {}),
    };
  },
};

const DIAL_NAMES = new Set(['Dial', 'DialTCP', 'DialContext', 'DialWithDialer']);

function checkCall(ctx: RuleContext, call: Node): void {
  const callee = call.childForFieldName('function');
  if (!callee) return;
  // Cheap text test first: this runs on every call of every file that mentions Dial.
  const name = callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee.text;
  if (!name || !DIAL_NAMES.has(name)) return;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  const file = ctx.file;
  const fromNet = packageMember(file, callee, ['net']);
  if (fromNet === 'Dial' || fromNet === 'DialTCP') {
    // DialTCP(network, laddr, raddr): its network is always a TCP one.
    const address = fromNet === 'Dial' ? args[1] : args[2];
    if (quietNetwork(file, args[0]) || localAddress(file, address) || forwardsNetwork(file, args[0])) return;
    if (fromNet === 'Dial' && configuredNetwork(file, args[0])) return;
    if (connGetsDeadline(ctx.pkg, file, call)) return;
    return ctx.report({ node: call, messageId: 'dial', data: { api: `net.${fromNet}` } });
  }
  const fromTLS = packageMember(file, callee, ['crypto/tls']);
  if (fromTLS === 'Dial') {
    if (quietNetwork(file, args[0]) || configuredNetwork(file, args[0]) || localAddress(file, args[1])) return;
    return ctx.report({ node: call, messageId: 'tlsDial' });
  }
  if (fromTLS === 'DialWithDialer') {
    if (!args[0] || !unboundedDialer(file, args[0]) || localAddress(file, args[2])) return;
    return ctx.report({ node: call, messageId: 'dialer', data: { how: 'is given to tls.DialWithDialer', howLong: 'forever in the TLS handshake' } });
  }
  if (fromNet || fromTLS || callee.type !== 'selector_expression' || (name !== 'Dial' && name !== 'DialContext')) return;
  const operand = callee.childForFieldName('operand');
  if (!operand || !unboundedDialer(file, operand)) return;
  if (name === 'DialContext' && !neverEnds(file, args[0])) return;
  const [network, address] = name === 'Dial' ? [args[0], args[1]] : [args[1], args[2]];
  if (quietNetwork(file, network) || configuredNetwork(file, network) || localAddress(file, address) || connGetsDeadline(ctx.pkg, file, call)) return;
  const how = name === 'Dial' ? 'dials with Dial' : `dials with DialContext(${unparen(args[0]!).text})`;
  ctx.report({ node: call, messageId: 'dialer', data: { how, howLong: 'for the OS connect timeout (minutes)' } });
}

/** The fields through which a dial function is handed to a client that dials TCP with it
 * (http.Transport, websocket and AMQP dialers). */
const TCP_DIAL_HOOKS = /^(Dial|DialContext|DialTLS|DialTLSContext|NetDial|NetDialContext|NetDialTLSContext)$/;

/**
 * A function literal handed to code out of sight that dials the network it is asked for (`dial :=
 * func(network, addr string) (net.Conn, error) { ... net.Dial(network, addr) }` given to a metrics
 * client's connection manager): the network is that code's choice, often "udp". Still judged when the
 * literal is a TCP dial hook (`Transport{Dial: func(network, addr string) ...}`).
 */
function forwardsNetwork(file: SourceFile, network: Node | undefined): boolean {
  const arg = network ? unparen(network) : undefined;
  const binding = arg?.type === 'identifier' ? resolve(file, arg) : undefined;
  const fn = binding?.kind === 'param' ? declaringFunction(binding) : undefined;
  if (fn?.type !== 'func_literal') return false;
  let value: Node = fn;
  while (value.parent?.type === 'parenthesized_expression') value = value.parent;
  const parent = value.parent;
  const keyed = parent?.type === 'literal_element' ? parent.parent : parent;
  if (keyed?.type === 'keyed_element') return !TCP_DIAL_HOOKS.test(keyed.childForFieldName('key')?.text ?? keyed.namedChild(0)?.text ?? '');
  const list = parent?.type === 'expression_list' ? parent : undefined;
  const left = list?.parent?.type === 'assignment_statement' ? list.parent.childForFieldName('left')?.namedChildren[0] : undefined;
  return !(left?.type === 'selector_expression' && TCP_DIAL_HOOKS.test(left.childForFieldName('field')?.text ?? ''));
}

/** `http.Transport{Dial: ...}` given net.Dial or the Dial of an unbounded dialer (a function literal is
 * judged by the dials inside it; unkeyed Transport literals are not written in practice). */
function checkTransport(ctx: RuleContext, lit: Node): void {
  if (importedTypeName(typeRef(ctx.file, lit.childForFieldName('type')), 'net/http') !== 'Transport') return;
  const fields = literalFields(lit, []);
  const dial = fields.get('Dial');
  // DialContext wins over Dial when both are set.
  if (!dial || fields.has('DialContext')) return;
  const value = unparen(dial);
  if (packageMember(ctx.file, value, ['net']) === 'Dial') return ctx.report({ node: dial, messageId: 'transportDial', data: { value: 'net.Dial' } });
  const operand = value.type === 'selector_expression' && value.childForFieldName('field')?.text === 'Dial' ? value.childForFieldName('operand') : null;
  if (operand && unboundedDialer(ctx.file, operand)) ctx.report({ node: dial, messageId: 'transportDial', data: { value: 'the Dial method of a net.Dialer without Timeout' } });
}
