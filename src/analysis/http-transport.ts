import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../rule-api.js';
import { methodsOf, resolveInPackage } from './package-scope.js';
import { assignedValues, valueAssignedTo } from './assigned-values.js';
import { fieldAssigned, isZeroDuration, literalFields } from './struct-fields.js';
import { packageMember } from './imports.js';
import { references, resolve } from './scopes.js';
import { unparen } from './syntax.js';
import { importedTypeName, typeRef } from './type-of.js';

/** The import path of net/http, under whatever name a file gives it. */
const HTTP = 'net/http';

/**
 * What an `http.Transport` built in sight bounds: the wait for response headers
 * (ResponseHeaderTimeout) and the dial (a `net.Dialer` with a Timeout). Zero durations count as none.
 */

export interface TransportFacts {
  headerTimeout: boolean;
  /** The dial function wraps each connection in a type of the package whose Read or Write sets a
   * deadline first (`SetReadDeadline`, `SetDeadline`): a stalled server fails the read. */
  connDeadlines: boolean;
  dialTimeout: boolean;
}

/** What a client's `Transport:` value bounds, when it is an http.Transport built in sight: inline, or
 * a variable of this function given a literal (later `t.ResponseHeaderTimeout = ...` counts). */
export function transportOf(pkg: GoPackage, file: SourceFile, value: Node | undefined): TransportFacts | undefined {
  if (!value) return undefined;
  const v = unparen(value);
  const binding = v.type === 'identifier' ? resolve(file, v) : undefined;
  const candidates = binding ? (assignedValues(file, binding) ?? []) : [v];
  const literal = candidates.map((c) => transportLiteral(file, c)).find((l) => l !== undefined);
  if (!literal) {
    // `tr, err := transport.NewTimeoutTransport(info, dial, read, write)`: a transport built out of
    // sight from read and write durations is bounded by them (such constructors set per-read and per-write deadlines).
    const built = candidates.some((c) => unparen(c).type === 'call_expression' && givenDuration(file, unparen(c)));
    return built ? { headerTimeout: false, dialTimeout: false, connDeadlines: true } : undefined;
  }
  const fields = literalFields(literal, []);
  const later = binding ? references(file, binding) : [];
  const header = fields.get('ResponseHeaderTimeout');
  const dial = fields.get('DialContext') ?? fields.get('Dial');
  return {
    headerTimeout: (header !== undefined && !isZeroDuration(file, header)) || later.some((u) => nonZeroAssigned(file, u, 'ResponseHeaderTimeout')),
    dialTimeout: dial !== undefined && dialerHasTimeout(file, dial),
    connDeadlines: dial !== undefined && wrapsWithDeadlines(pkg, file, dial),
  };
}

const TIME_UNITS = new Set(['Nanosecond', 'Microsecond', 'Millisecond', 'Second', 'Minute', 'Hour']);

/** A call given at least two non-zero durations spelled with a time unit (`time.Second`, `5 *
 * time.Second`): read and write timeouts, not only a dial timeout (`NewTransport(info, time.Second)`). */
function givenDuration(file: SourceFile, call: Node): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.filter(
    (a) => !isZeroDuration(file, a) && [a, ...a.descendantsOfType('selector_expression')].some((s) => s.type === 'selector_expression' && TIME_UNITS.has(packageMember(file, s, ['time']) ?? '')),
  ).length >= 2;
}

const SETS_DEADLINE = /\.\s*Set(Read|Write)?Deadline\s*\(/;

/** Whether the dial function (inline, a package function, or a call of one that returns it) builds a
 * connection wrapper whose Read or Write sets a deadline. */
function wrapsWithDeadlines(pkg: GoPackage, file: SourceFile, dial: Node): boolean {
  let body: Node | null | undefined = unparen(dial);
  const callee = body.type === 'call_expression' ? body.childForFieldName('function') : body;
  if (callee?.type === 'identifier') {
    const found = resolveInPackage(pkg, file, callee);
    const decl = found?.binding.kind === 'func' ? found.binding.node.parent : undefined;
    body = decl?.type === 'function_declaration' ? decl.childForFieldName('body') : undefined;
  } else if (body.type !== 'func_literal') return false;
  if (!body) return false;
  for (const lit of body.descendantsOfType('composite_literal')) {
    const type = lit.childForFieldName('type');
    if (type?.type !== 'type_identifier') continue;
    const methods = methodsOf(pkg, type.text);
    if (methods.some((m) => ['Read', 'Write'].includes(m.node.childForFieldName('name')?.text ?? '') && SETS_DEADLINE.test(m.node.childForFieldName('body')?.text ?? ''))) return true;
  }
  return false;
}

function transportLiteral(file: SourceFile, expr: Node): Node | undefined {
  const inner = unparen(outerless(expr));
  return inner.type === 'composite_literal' && isHttpType(file, inner.childForFieldName('type'), 'Transport') ? inner : undefined;
}

/** `&x` → `x`. */
function outerless(expr: Node): Node {
  const e = unparen(expr);
  const operand = e.type === 'unary_expression' && e.childForFieldName('operator')?.text === '&' ? e.childForFieldName('operand') : null;
  return operand ?? e;
}

/** `(&net.Dialer{Timeout: d}).DialContext`, or `d.DialContext` for a variable given such a dialer. */
function dialerHasTimeout(file: SourceFile, dial: Node): boolean {
  const sources = [dial];
  const operand = dial.type === 'selector_expression' ? unparen(dial.childForFieldName('operand')!) : undefined;
  const binding = operand?.type === 'identifier' ? resolve(file, operand) : undefined;
  if (binding) sources.push(...(assignedValues(file, binding) ?? []));
  return sources.some((s) =>
    [s, ...s.descendantsOfType('composite_literal')].some((lit) => {
      if (lit.type !== 'composite_literal' || importedTypeName(typeRef(file, lit.childForFieldName('type')), 'net') !== 'Dialer') return false;
      const timeout = literalFields(lit, ['Timeout']).get('Timeout');
      return timeout !== undefined && !isZeroDuration(file, timeout);
    }),
  );
}

export function isHttpType(file: SourceFile, type: Node | null | undefined, name: string): boolean {
  return importedTypeName(typeRef(file, type), HTTP) === name;
}

/** `x.field = d` with a non-zero `d`. */
function nonZeroAssigned(file: SourceFile, x: Node, field: string): boolean {
  if (!fieldAssigned(x, field)) return false;
  const value = valueAssignedTo(x.parent!);
  return value !== undefined && !isZeroDuration(file, value);
}
