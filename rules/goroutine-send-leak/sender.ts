import type { Node } from 'web-tree-sitter';
import { defineFact } from '../../src/analysis/fact-store.js';
import { reachedWithout } from '../../src/analysis/flow.js';
import { resolveInPackage } from '../../src/analysis/package-scope.js';
import { declaringFunction, references, resolve, type Binding } from '../../src/analysis/scopes.js';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';
import { ancestors, contains, placeNodes, unparen } from '../../src/analysis/syntax.js';

/**
 * What the goroutine of one `go` statement does with a channel of the function that starts it:
 * the goroutine is a function literal (`go func() { ch <- v }()`, `go func(out chan<- T) {...}(ch)`)
 * or a function or method of the package (`go fetch(ch)`, `go s.dial(ch)`, found by its name), and
 * the sends that matter are the ones it runs itself (also in literals it calls on the spot, such as
 * `defer func() { ch <- err }()`), not those in callbacks it hands to someone else.
 */

export interface Goroutine {
  /** The function the goroutine runs. */
  fn: Node;
  file: SourceFile;
  /** The literal of `go func() {...}()`: its captured variables are the starter's own. */
  literal: boolean;
  /** The arguments of the call, by parameter position. */
  args: Node[];
}

export interface Sends {
  /** Every send on the channel the goroutine runs itself. */
  all: Node[];
  /** Sends that block until someone receives: not a case of a select that can take another case. */
  blocking: Node[];
  /** Whether some path of the goroutine can make two of those sends (a loop, two in a row). */
  repeated: boolean;
}

/** The goroutine a `go` statement starts, when its body is readable. */
export function goroutineOf(pkg: GoPackage, file: SourceFile, go: Node): Goroutine | undefined {
  const call = go.namedChildren.find((c) => c.type === 'call_expression');
  const callee = call?.childForFieldName('function');
  if (!call || !callee) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const target = unparen(callee);
  if (target.type === 'func_literal') return { fn: target, file, literal: true, args };
  const decl = declarationCalled(pkg, file, target);
  return decl ? { ...decl, literal: false, args } : undefined;
}

/** The function or method of the package that `callee` names: a function by its name, a method by its
 * name when only one method of the package has it (without types the receiver is unknown). */
export function declarationCalled(pkg: GoPackage, file: SourceFile, callee: Node): { fn: Node; file: SourceFile } | undefined {
  if (callee.type === 'identifier') {
    const decl = resolveInPackage(pkg, file, callee);
    const fn = decl?.binding.kind === 'func' ? decl.binding.node.parent : undefined;
    return fn?.type === 'function_declaration' ? { fn, file: decl!.file } : undefined;
  }
  if (callee.type === 'selector_expression') {
    const name = callee.childForFieldName('field')?.text ?? '';
    const methods = pkg.store.get(METHODS_BY_NAME, pkg).get(name);
    return methods?.length === 1 ? { fn: methods[0]!.node, file: methods[0]!.file } : undefined;
  }
  return undefined;
}

/**
 * Whether the function only ever sends on its parameter number `index` (in its own body or in
 * goroutines it starts): a helper that starts more senders (`s.startListeners(errCh)`), not one that
 * could receive.
 */
export function onlySendsOn(fn: Node, file: SourceFile, index: number): boolean {
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter_declaration' || p.type === 'variadic_parameter_declaration');
  const names = params.flatMap((p) => {
    const ids = p.childrenForFieldName('name');
    return (ids.length > 0 ? ids : [p]).map((i) => ({ ident: i, variadic: p.type === 'variadic_parameter_declaration' }));
  });
  const param = names[index];
  if (!param || param.variadic || param.ident.type !== 'identifier') return false;
  const binding = resolve(file, param.ident);
  if (!binding) return false;
  const uses = references(file, binding);
  return uses.length > 0 && uses.every(isSentOn);
}

function isSentOn(use: Node): boolean {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const send = node.parent;
  return send?.type === 'send_statement' && send.childForFieldName('channel')?.id === node.id;
}

const METHODS_BY_NAME = defineFact<GoPackage, Map<string, Array<{ file: SourceFile; node: Node }>>>('send-leak-methods', (pkg) => {
  const byName = new Map<string, Array<{ file: SourceFile; node: Node }>>();
  for (const file of pkg.files) {
    for (const top of file.tree.rootNode.namedChildren) {
      if (top.type !== 'method_declaration') continue;
      const name = top.childForFieldName('name')?.text ?? '';
      byName.set(name, [...(byName.get(name) ?? []), { file, node: top }]);
    }
  }
  return byName;
});

/**
 * The parameters of the goroutine's function that receive `channel` (an argument spelling the
 * channel's variable), and for a literal the channel's own binding, which it captures.
 */
function namesFor(g: Goroutine, starterFile: SourceFile, channel: Binding): { bindings: Set<Binding>; names: Set<string> } {
  const bindings = new Set<Binding>();
  if (g.literal) bindings.add(channel);
  const names = new Set<string>();
  const params = (g.fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter_declaration');
  const paramNames = params.flatMap((p) => {
    const ids = p.childrenForFieldName('name');
    return ids.length > 0 ? ids.map((i) => i.text) : ['_'];
  });
  g.args.forEach((arg, i) => {
    const a = unparen(arg);
    const name = paramNames[i];
    if (a.type === 'identifier' && name && name !== '_' && resolve(starterFile, a) === channel) names.add(name);
  });
  return { bindings, names };
}

/** The sends of the goroutine on `channel`, or undefined when it sends nothing on it. */
export function sendsOn(g: Goroutine, starterFile: SourceFile, channel: Binding): Sends | undefined {
  const { bindings, names } = namesFor(g, starterFile, channel);
  if (bindings.size === 0 && names.size === 0) return undefined;
  const body = g.fn.childForFieldName('body');
  if (!body) return undefined;
  const onChannel = (send: Node): boolean => {
    const ch = send.childForFieldName('channel');
    const c = ch ? unparen(ch) : undefined;
    if (c?.type !== 'identifier') return false;
    const b = resolve(g.file, c);
    if (!b) return false;
    if (bindings.has(b)) return true;
    return names.has(b.name) && b.kind === 'param' && declaringFunction(b)?.id === g.fn.id;
  };
  const sends = placeNodes(body, ['send_statement'])
    .filter((p) => p.literal === undefined)
    .map((p) => p.node)
    .filter(onChannel);
  if (sends.length === 0) return undefined;
  const blocking = sends.filter((s) => !inChoosingSelect(s));
  return { all: sends, blocking, repeated: blocking.some((s) => sendsAgain(g.fn, s, blocking)) };
}

/** A send that is one case of a select with another case or a default: the goroutine can take that. */
function inChoosingSelect(send: Node): boolean {
  const clause = send.parent;
  if (clause?.type !== 'communication_case' || clause.childForFieldName('communication')?.id !== send.id) return false;
  const select = clause.parent;
  return (select?.namedChildren.filter((c) => c.type === 'communication_case' || c.type === 'default_case').length ?? 0) > 1;
}

const NEVER = (): boolean => false;

/** Whether a path from `send` reaches one of the sends again (itself, through a loop). Unknown counts as yes,
 * so that the fix offered is the one that holds either way. */
function sendsAgain(fn: Node, send: Node, sends: Node[]): boolean {
  const again = reachedWithout(fn, pointOf(fn, send), NEVER, (stmt) => sends.some((s) => contains(stmt, s)));
  return again !== null;
}

/** The node of `fn`'s own code that runs `node`: the outermost literal around it (called on the spot or
 * deferred), or the node itself. */
function pointOf(fn: Node, node: Node): Node {
  const chain = ancestors(node);
  const at = chain.findIndex((n) => n.id === fn.id);
  const literal = chain.slice(at + 1).find((n) => n.type === 'func_literal');
  return literal ?? node;
}

/**
 * Whether every send of the goroutine on `other` (and there is one) is its last act: the statement
 * right after it is a bare `return`, or it ends the goroutine's body (`errc <- err; return` in a reader
 * loop, `done <- result` at the end). Then a receive from `other` proves the goroutine has finished,
 * and with it every send it could still block on.
 */
export function sendsLastOn(g: Goroutine, starterFile: SourceFile, other: Binding): boolean {
  const sends = sendsOn(g, starterFile, other);
  const body = g.fn.childForFieldName('body');
  if (!sends || !body) return false;
  return sends.all.every((send) => {
    const stmt = send.parent?.type === 'expression_statement' ? send.parent : send;
    if (stmt.parent?.type !== 'block' && stmt.parent?.type !== 'statement_list') return false;
    let next = stmt.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    if (next) return next.type === 'return_statement' && next.namedChildCount === 0;
    return stmt.parent.id === body.id || stmt.parent.parent?.id === body.id;
  });
}
