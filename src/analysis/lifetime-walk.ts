import type { Node } from 'web-tree-sitter';
import { flowGraph, type FlowGraph } from './flow-graph.js';
import type { Acquisition, LifetimeRow } from './lifetime.js';
import { roleOf } from './ownership.js';
import { references, resolve, type Binding } from './scopes.js';
import type { SourceFile } from './source.js';
import { ancestors, enclosingFunction, isImmediatelyCalled, unparen } from './syntax.js';

/**
 * The path half of the lifetime analysis (see lifetime.ts): the roles of the uses of a local variable
 * holding a resource, and the places a path from the acquisition reaches still owning it.
 */

/**
 * 'release' and 'deferred-release' (in a `defer`, or a closure it runs at exit); 'transfer': ownership
 * leaves the function here; 'write': the variable is overwritten; 'nil-check': `v == nil` / `v != nil`;
 * 'blank': `_ = v`, which only silences the compiler; 'look': anything else (`resp.StatusCode`, `<-t.C`).
 */
export type UseRole = 'release' | 'deferred-release' | 'transfer' | 'write' | 'nil-check' | 'blank' | 'look';

export interface ClassifiedUse {
  node: Node;
  role: UseRole;
}

/** A place reached with the resource still owned: an exit (a return, or the closing brace), an
 * assignment overwriting the variable, or the acquiring statement again on the next loop iteration. */
export interface Leak {
  kind: 'exit' | 'overwrite' | 'loop';
  node: Node;
  /** The flow-graph vertex of the place. */
  vertex?: number;
}

export interface Lifetime {
  uses: ClassifiedUse[];
  /** Every leak some path reaches, earliest first; empty when every path releases or hands it on. */
  leaks: Leak[];
  /** Whether some use is `_ = v` (which a message can name: it only silences the compiler). */
  blank: boolean;
}

/**
 * The lifetime of a resource bound to a local variable; undefined when the function cannot be analysed.
 * Options: `from` (a node of the function after the acquisition, such as a deferred release): the
 * leaks are those of the paths from just after `from` instead: does the path come back to the
 * acquisition (a loop) or reach an exit or an overwrite without another release? `releases`: calls of
 * the function that release the resource without naming the variable (a cometbft bus's
 * `bus.Unsubscribe(ctx, subscriber, q)`): each counts as a release where it stands, or as a deferred
 * one in a `defer` or a closure it runs at exit.
 */
export interface FollowOptions {
  from?: Node;
  releases?: readonly Node[];
}

export function followLifetime(file: SourceFile, acq: Extract<Acquisition, { kind: 'local' }>, row: LifetimeRow, options: FollowOptions = {}): Lifetime | undefined {
  const { from, releases = [] } = options;
  const graph = flowGraph(acq.fn);
  if (!graph) return undefined;
  const start = vertexOfNode(graph, acq.statement);
  const first = from ? vertexOfNode(graph, from) : start;
  if (start === undefined || first === undefined) return undefined;
  const uses = references(file, acq.binding)
    .filter((u) => u.id !== acq.target.id)
    .map((node) => ({ node, role: useRole(file, acq.fn, node, row) }));
  // A deferred closure registered before the acquisition (`defer func() { if t != nil { t.Stop() } }()`)
  // runs at every exit with whatever the variable then holds: it covers the exits, not an overwrite or a
  // loop that replaces the value before then (`defer t.Stop()` read the variable when it was deferred).
  const blank = uses.some((u) => u.role === 'blank');
  const others = releases.map((node): ClassifiedUse => ({ node, role: placeOf(node, acq.fn) === 'deferred' ? 'deferred-release' : 'release' }));
  const all = others.length > 0 ? [...uses, ...others.filter((u) => placeOf(u.node, acq.fn) !== 'escapes')] : uses;
  // A release that does not name the variable (the bus's Unsubscribe) covers the exits wherever it is deferred.
  const deferredBefore = (u: ClassifiedUse) => u.role === 'deferred-release' && u.node.startIndex < acq.statement.startIndex;
  const exitsCovered = !from && (uses.some((u) => deferredBefore(u) && inLiteral(u.node, acq.fn)) || all.some((u) => deferredBefore(u) && !uses.includes(u)));
  const marks = new Map<number, 'stop' | 'write'>();
  for (const node of row.alsoReleases?.(file, acq) ?? []) {
    const v = inUncalledLiteral(node, acq.fn) ? undefined : vertexOfNode(graph, node);
    if (v !== undefined) marks.set(v, 'stop');
  }
  for (const u of all) {
    const v = vertexOfNode(graph, u.node);
    if (v === undefined || u.role === 'look' || u.role === 'nil-check' || u.role === 'blank') continue;
    if (u.role === 'write') {
      if (!marks.has(v)) marks.set(v, 'write');
    } else {
      marks.set(v, 'stop');
    }
  }
  const errWrites = new Set<number>();
  if (acq.error) {
    for (const u of references(file, acq.error)) {
      if (roleOf(u, acq.fn) !== 'write') continue;
      const v = vertexOfNode(graph, u);
      if (v !== undefined) errWrites.add(v);
    }
  }
  const isValue = (expr: Node) => isValueExpr(file, expr, acq.binding, row);
  const leaks = walk(file, graph, { start, first, exitsCovered }, marks, errWrites, isValue, acq.error);
  return { uses, leaks: leaks.sort((a, b) => a.node.startIndex - b.node.startIndex), blank };
}

/** The leaks of a walk from `start` over `graph`, and one path to each. */
export interface Paths {
  /** Every leak some path reaches, earliest first. */
  leaks: Leak[];
  /** The vertices of one path from `start` (excluded) to the leak's vertex (included). */
  pathTo(leak: Leak): number[];
}

/**
 * The same walk for a resource that no variable holds (a mutex `s.mu` held from the statement at
 * vertex `start`): the places a path from `start` reaches without passing a 'stop' vertex; a 'write'
 * vertex is a leak of kind 'overwrite' (the rule says what it means: an Unlock of a read lock, say).
 */
export function leaksFrom(file: SourceFile, graph: FlowGraph, start: number, marks: Map<number, 'stop' | 'write'>): Paths {
  const trail = new Map<number, number>();
  const leaks = walk(file, graph, { start, first: start, exitsCovered: false }, marks, new Set(), () => false, undefined, trail);
  const pathTo = (leak: Leak): number[] => {
    if (leak.vertex === undefined) return [];
    const path = [leak.vertex];
    for (let s = trail.get(leak.vertex * 2); s !== undefined && s >> 1 !== start; s = trail.get(s)) path.push(s >> 1);
    return path.reverse();
  };
  return { leaks: leaks.sort((a, b) => a.node.startIndex - b.node.startIndex), pathTo };
}

/** The variable itself, or the part of it the row names as the resource (`resp.Body`). */
function isValueExpr(file: SourceFile, expr: Node, value: Binding, row: LifetimeRow): boolean {
  if (expr.type === 'identifier') return resolve(file, expr) === value;
  const operand = expr.type === 'selector_expression' ? expr.childForFieldName('operand') : null;
  if (operand?.type !== 'identifier' || resolve(file, operand) !== value) return false;
  const touch = row.touch(operand);
  return touch.kind === 'handle' && touch.node.id === expr.id;
}

/** Where the walk starts: the acquisition's vertex (a path back to it is a loop), the vertex whose
 * successors the paths start from, and whether a deferred closure already covers the exits. */
interface Origin {
  start: number;
  first: number;
  exitsCovered: boolean;
}

/** `trail`, when given, gets the state each state was first reached from. */
function walk(
  file: SourceFile,
  graph: FlowGraph,
  origin: Origin,
  marks: Map<number, 'stop' | 'write'>,
  errWrites: Set<number>,
  isValue: (expr: Node) => boolean,
  error: Binding | undefined,
  trail?: Map<number, number>,
): Leak[] {
  const { start, first, exitsCovered } = origin;
  const seen = new Set<number>();
  const leaks = new Map<number, Leak>();
  // A state is a vertex and whether the error result still holds what the acquiring call returned.
  const stack: number[] = graph.vertices[first]!.succ.map((v) => v * 2 + (error ? 1 : 0));
  for (const s of stack) trail?.set(s, first * 2);
  while (stack.length > 0) {
    const state = stack.pop()!;
    if (seen.has(state)) continue;
    seen.add(state);
    const v = state >> 1;
    const fresh = (state & 1) === 1;
    const vertex = graph.vertices[v]!;
    if (v === start) {
      leaks.set(v, { kind: 'loop', node: vertex.nodes[0]!, vertex: v });
      continue;
    }
    const mark = marks.get(v);
    if (mark === 'stop') continue;
    if (mark === 'write') {
      leaks.set(v, { kind: 'overwrite', node: vertex.nodes[0]!, vertex: v });
      continue;
    }
    if (vertex.kind === 'return' || vertex.kind === 'end') {
      if (!exitsCovered) leaks.set(v, { kind: 'exit', node: vertex.nodes[0] ?? graph.fn, vertex: v });
      continue;
    }
    const stillFresh = fresh && !errWrites.has(v);
    const skip = vertex.kind === 'expr' ? nilBranch(file, vertex.nodes[0], isValue, stillFresh ? error : undefined) : undefined;
    vertex.succ.forEach((next, i) => {
      if (skip === i) return;
      const to = next * 2 + (stillFresh ? 1 : 0);
      if (trail && !seen.has(to) && !trail.has(to)) trail.set(to, state);
      stack.push(to);
    });
  }
  return [...leaks.values()];
}

/**
 * The successor of an if condition (0: then, 1: else) on which the resource is nil, so nothing is
 * owned: the then branch of `err != nil` (also as one side of `&&`) and of `v == nil`, the else branch
 * of `err == nil` (also one side of `||`) and of `v != nil`; `v` is the variable or the part of it the
 * row names as the resource (`resp.Body != nil`).
 */
function nilBranch(file: SourceFile, cond: Node | undefined, isValue: (expr: Node) => boolean, error: Binding | undefined): number | undefined {
  if (!cond || cond.parent?.type !== 'if_statement' || cond.parent.childForFieldName('condition')?.id !== cond.id) return undefined;
  const side = nilSide(file, cond, isValue, error);
  return side === 'then' ? 0 : side === 'else' ? 1 : undefined;
}

function nilSide(file: SourceFile, expr: Node, isValue: (expr: Node) => boolean, error: Binding | undefined): 'then' | 'else' | undefined {
  const e = unparen(expr);
  if (e.type !== 'binary_expression') return undefined;
  const op = e.childForFieldName('operator')?.text;
  const left = e.childForFieldName('left');
  const right = e.childForFieldName('right');
  if (!left || !right) return undefined;
  if (op === '&&' || op === '||') {
    const want = op === '&&' ? 'then' : 'else';
    return nilSide(file, left, isValue, error) === want || nilSide(file, right, isValue, error) === want ? want : undefined;
  }
  if (op !== '==' && op !== '!=') return undefined;
  const other = unparen(left).type === 'nil' ? unparen(right) : unparen(right).type === 'nil' ? unparen(left) : undefined;
  if (!other) return undefined;
  if (other.type === 'identifier' && error && resolve(file, other) === error) return op === '!=' ? 'then' : 'else';
  if (isValue(other)) return op === '==' ? 'then' : 'else';
  return undefined;
}

/** The role of one use of the variable inside `fn`. */
function useRole(file: SourceFile, fn: Node, use: Node, row: LifetimeRow): UseRole {
  const place = placeOf(use, fn);
  if (place === 'escapes') return 'transfer';
  const touch = row.touch(use);
  if (touch.kind === 'look') return 'look';
  if (touch.kind === 'release') return place === 'deferred' ? 'deferred-release' : 'release';
  const handle = touch.node;
  const role = roleOf(handle, fn);
  if (role === 'write') return handle.id === use.id ? 'write' : 'look';
  if (role === 'nil-check' || role === 'blank') return role;
  if (role !== 'transfer') return 'look';
  const call = calledWith(handle);
  if (call && row.borrows?.(call, file)) return 'look';
  return place === 'deferred' ? 'deferred-release' : 'transfer';
}

/** The call whose argument the handle is, if it is one. */
function calledWith(handle: Node): Node | undefined {
  let node = handle;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  return node.parent?.type === 'argument_list' ? (node.parent.parent ?? undefined) : undefined;
}

/**
 * Where a use runs relative to `fn`: 'deferred' inside a `defer` statement of fn (its call, or the body
 * of the literal it calls); 'escapes' inside a function literal that is not called where it stands or
 * is started with `go` (its new owner decides); else 'here'.
 */
export function placeOf(use: Node, fn: Node): 'here' | 'deferred' | 'escapes' {
  const chain = ancestors(use);
  let deferred = false;
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== fn.id; i--) {
    const n = chain[i]!;
    if (n.type === 'func_literal' && !isImmediatelyCalled(n)) return 'escapes';
    if (n.type === 'go_statement') return 'escapes';
    if (n.type === 'defer_statement' && enclosingFunction(n)?.id === fn.id) deferred = true;
  }
  return deferred ? 'deferred' : 'here';
}

/** Whether a function literal lies between the node and `fn`. */
function inLiteral(node: Node, fn: Node): boolean {
  const chain = ancestors(node);
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== fn.id; i--) if (chain[i]!.type === 'func_literal') return true;
  return false;
}

/** Whether a function literal that is not called where it stands lies between the node and `fn`. */
function inUncalledLiteral(node: Node, fn: Node): boolean {
  const chain = ancestors(node);
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== fn.id; i--) if (chain[i]!.type === 'func_literal' && !isImmediatelyCalled(chain[i]!)) return true;
  return false;
}

/** The vertex of `fn`'s graph holding the node: the innermost statement or branch expression around it
 * that is a point of this function (a statement inside a nested literal belongs to the statement that
 * holds the literal). */
export function vertexOfNode(graph: FlowGraph, node: Node): number | undefined {
  const own = graph.vertexOf.get(node.id);
  if (own !== undefined) return own;
  const chain = ancestors(node);
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== graph.fn.id; i--) {
    const v = graph.vertexOf.get(chain[i]!.id);
    if (v !== undefined) return v;
  }
  return undefined;
}
