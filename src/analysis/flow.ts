import type { Node } from 'web-tree-sitter';
import { flowGraph, type FlowGraph, type Vertex } from './flow-graph.js';
import { ancestors, isFunction, nodesEvaluatedBy } from './syntax.js';

export { enclosingFunction } from './syntax.js';

/**
 * Path questions over a function's control-flow graph (see flow-graph.ts). "X" is a predicate over
 * the nodes a statement evaluates, call_expression nodes unless `types` says otherwise; a statement
 * does X if any of them satisfies it. Nodes in function literals count only when the literal is
 * called on the spot (`func() { cancel() }()`), which includes `defer func() { ... cancel() ... }()`.
 * A `defer` that does X covers every exit after it.
 */

export type IsX = (node: Node) => boolean;

export interface XSpec {
  isX: IsX;
  /** The node types offered to isX; call_expression by default. */
  types?: readonly string[];
}

export type PathResult = { ok: true } | { ok: false; exit: Node };

/**
 * Whether X happens on every path from just after `from` (a statement of `fn`, or any node inside
 * one) to a return of `fn` or the end of its body. On failure, `exit` is the earliest return
 * statement (or the closing brace) reachable without X. Paths through calls that never return
 * (panic, os.Exit, t.Fatal, `for {}` without break, `select {}`) need no X.
 * Undefined when `fn` cannot be analysed (no body, syntax errors) or `from` is not in it.
 */
export function calledOnAllPaths(fn: Node, from: Node, x: IsX | XSpec): PathResult | undefined {
  const found = search(fn, from, x, (v) => v.kind === 'return' || v.kind === 'end');
  if (found === undefined) return undefined;
  return found.length === 0 ? { ok: true } : { ok: false, exit: earliest(found) };
}

/**
 * The earliest statement satisfying `isTarget` that some path from just after `from` reaches
 * without X on the way; null if none does. A loop can bring the path back to `from` itself.
 * Undefined when `fn` cannot be analysed or `from` is not in it.
 */
export function reachedWithout(fn: Node, from: Node, x: IsX | XSpec, isTarget: (stmt: Node) => boolean): Node | null | undefined {
  const found = search(fn, from, x, (v) => v.kind !== 'pass' && v.kind !== 'end' && v.nodes.some(isTarget));
  if (found === undefined) return undefined;
  return found.length === 0 ? null : earliest(found);
}

/**
 * Whether X happens on every path through the whole function, from its entry to a return or its
 * closing brace: the earliest exit some path reaches without X, null when every path does X,
 * undefined when `fn` cannot be analysed.
 */
export function exitWithout(fn: Node, x: IsX | XSpec): Node | null | undefined {
  const graph = flowGraph(fn);
  if (!graph) return undefined;
  const found = walk(graph, [0], x, (v) => v.kind === 'return' || v.kind === 'end');
  return found.length === 0 ? null : earliest(found);
}

function search(fn: Node, from: Node, x: IsX | XSpec, isTarget: (v: Vertex) => boolean): Node[] | undefined {
  const graph = flowGraph(fn);
  if (!graph) return undefined;
  const start = vertexContaining(graph, from);
  if (start === undefined) return undefined;
  return walk(graph, graph.vertices[start]!.succ, x, isTarget);
}

/** The first target vertex (its first node) on each path from `starts` that does not do X first. */
function walk(graph: FlowGraph, starts: readonly number[], x: IsX | XSpec, isTarget: (v: Vertex) => boolean): Node[] {
  const spec = typeof x === 'function' ? { isX: x } : x;
  const seen = new Set<number>();
  const found: Node[] = [];
  const stack = [...starts];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    const vertex = graph.vertices[v]!;
    if (doesX(vertex, spec)) continue;
    if (isTarget(vertex)) {
      found.push(vertex.nodes[0] ?? graph.fn);
      continue;
    }
    for (const next of vertex.succ) stack.push(next);
  }
  return found;
}

function doesX(vertex: Vertex, spec: XSpec): boolean {
  if (vertex.kind === 'pass' || vertex.kind === 'end') return false;
  return vertex.nodes.some((n) => nodesEvaluatedBy(n, spec.types).some(spec.isX));
}

/** The vertex of `node` or of the innermost statement or branch expression that contains it. */
function vertexContaining(graph: FlowGraph, node: Node): number | undefined {
  const own = graph.vertexOf.get(node.id);
  if (own !== undefined) return own;
  const chain = ancestors(node);
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== graph.fn.id; i--) {
    const v = graph.vertexOf.get(chain[i]!.id);
    if (v !== undefined) return v;
    // A statement of a nested function literal is not a point of this function.
    if (isFunction(chain[i]!)) return undefined;
  }
  return undefined;
}

function earliest(nodes: Node[]): Node {
  return nodes.reduce((a, b) => (b.startIndex < a.startIndex ? b : a));
}
