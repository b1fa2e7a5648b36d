import type { Node } from 'web-tree-sitter';
import { assignedValues } from '../../src/analysis/assigned-values.js';
import { importTable, packageMember } from '../../src/analysis/imports.js';
import { resolve } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';
import type { SourceFile } from '../../src/rule-api.js';

/**
 * What the network and address arguments of a dial show about where it goes. A dial waits for a peer
 * only on a connection-oriented network that crosses the wire: "udp" and "ip" dials send nothing (they
 * only bind a socket), a unix socket is on this host, and a loopback address or the address of a
 * listener the code just opened answers at once (or refuses at once).
 */

/** Networks whose dial does not wait on a remote peer. */
const LOCAL_OR_CONNECTIONLESS = /^(unix|unixgram|unixpacket|udp[46]?|ip[46]?(:.*)?)$/;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)?:/;

/** Whether the network argument is a literal (or a local variable only given literals) naming a
 * network whose dial does not wait on a remote peer. An unknown network may be "tcp". */
export function quietNetwork(file: SourceFile, arg: Node | undefined): boolean {
  const values = literalValues(file, arg);
  return values !== undefined && values.length > 0 && values.every((v) => LOCAL_OR_CONNECTIONLESS.test(v));
}

/**
 * Whether the network is read from a value's configuration rather than chosen here or by the caller:
 * a field or a method of another value (`d.proto`, `parsedAddr.Network`, `cfg.Network()`), not a
 * package's constant (`proto.TCP`). Such dials go wherever the program is configured to, and the
 * endpoints configured that way (an admin API, a debug socket, a GUI address) are unix sockets as often
 * as not, where a dial answers at once: reporting them guesses.
 */
export function configuredNetwork(file: SourceFile, arg: Node | undefined): boolean {
  let a = arg ? unparen(arg) : undefined;
  if (a?.type === 'call_expression' && (a.childForFieldName('arguments')?.namedChildCount ?? 1) === 0) a = a.childForFieldName('function') ?? undefined;
  if (a?.type !== 'selector_expression') return false;
  const operand = unparen(a.childForFieldName('operand') ?? a);
  if (operand.type !== 'identifier') return true;
  return !importTable(file).some((e) => e.localName === operand.text) || resolve(file, operand) !== undefined;
}

/** Whether the address is this host: a loopback literal (`"127.0.0.1:9000"`, `":8545"`,
 * `fmt.Sprintf("localhost:%d", port)`, `net.JoinHostPort("localhost", port)`), a listener's own address
 * (`l.Addr().String()`, `l.Addr()`), or a local variable only given such values. */
export function localAddress(file: SourceFile, arg: Node | undefined, depth = 0): boolean {
  if (!arg || depth > 2) return false;
  const a = unparen(arg);
  if (a.type === 'identifier') {
    const binding = resolve(file, a);
    const values = binding && binding.scope.kind !== 'package' ? assignedValues(file, binding) : undefined;
    if (values && values.length > 0) return values.every((v) => localAddress(file, v, depth + 1));
  }
  const values = literalValues(file, a);
  if (values !== undefined) return values.length > 0 && values.every((v) => LOOPBACK.test(v));
  if (a.type === 'call_expression') {
    const callee = a.childForFieldName('function');
    const first = a.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment');
    const member = callee ? (packageMember(file, callee, ['net']) ?? packageMember(file, callee, ['fmt'])) : undefined;
    if (member === 'JoinHostPort' || member === 'Sprintf') {
      const head = literalValues(file, first);
      const suffix = member === 'JoinHostPort' ? ':' : '';
      return head !== undefined && head.length > 0 && head.every((h) => LOOPBACK.test(h + suffix));
    }
    return /\.\s*Addr\s*\(\s*\)(\s*\.\s*String\s*\(\s*\))?$/.test(a.text);
  }
  if (a.type === 'type_assertion_expression') return /\.\s*Addr\s*\(\s*\)$/.test(a.childForFieldName('operand')?.text ?? '');
  return false;
}

/** The string values a literal or a local variable holds; undefined when any is not a literal. */
function literalValues(file: SourceFile, arg: Node | undefined): string[] | undefined {
  if (!arg) return undefined;
  const a = unparen(arg);
  if (a.type === 'interpreted_string_literal' || a.type === 'raw_string_literal') return [a.text.slice(1, -1)];
  if (a.type !== 'identifier') return undefined;
  const binding = resolve(file, a);
  if (!binding || (binding.scope.kind === 'package' && binding.kind !== 'const')) return undefined;
  const values = binding.kind === 'var' ? assignedValues(file, binding) : binding.kind === 'const' ? constValue(binding.node) : binding.kind === 'range' ? rangedElements(file, binding.node) : undefined;
  if (!values || values.length === 0) return undefined;
  const out: string[] = [];
  for (const v of values) {
    const u = unparen(v);
    if (u.type !== 'interpreted_string_literal' && u.type !== 'raw_string_literal') return undefined;
    out.push(u.text.slice(1, -1));
  }
  return out;
}

/** The elements a range value variable takes from a slice literal in sight: `network` in `for _,
 * network := range []string{"unixgram", "unix"}` (or a local variable given that literal). */
function rangedElements(file: SourceFile, name: Node): Node[] | undefined {
  const list = name.parent;
  const clause = list?.parent;
  if (list?.type !== 'expression_list' || clause?.type !== 'range_clause' || list.namedChildren[1]?.id !== name.id) return undefined;
  let source = clause.childForFieldName('right');
  if (source?.type === 'identifier') {
    const b = resolve(file, source);
    const values = b && b.kind === 'var' && b.scope.kind !== 'package' ? assignedValues(file, b) : undefined;
    source = values?.length === 1 ? values[0]! : null;
  }
  if (!source || unparen(source).type !== 'composite_literal') return undefined;
  const body = unparen(source).childForFieldName('body');
  return (body?.namedChildren ?? []).filter((e) => e.type !== 'comment').map((e) => (e.type === 'literal_element' ? (e.namedChild(0) ?? e) : e));
}

function constValue(name: Node): Node[] | undefined {
  const spec = name.parent;
  const value = spec?.type === 'const_spec' ? spec.childForFieldName('value')?.namedChildren : undefined;
  const i = spec?.childrenForFieldName('name').findIndex((n) => n.id === name.id) ?? -1;
  return value && value[i] ? [value[i]!] : undefined;
}
