import type { Node } from 'web-tree-sitter';
import { flowGraph, type FlowGraph } from '../../src/analysis/flow-graph.js';
import { ancestors } from '../../src/analysis/syntax.js';

/**
 * The path question of go/analysis's lostcancel, asked for a receive: from the `go` statement, is
 * there a path to a return of the starting function (or its closing brace) that passes no receive
 * from the channel? A path through a call that never returns needs none. One refinement: a loop
 * whose body receives is taken to run at least once when the path reaches it (`for range peers {
 * <-results }` after starting one sender per peer), since the path that skips it exists only when
 * there was nothing to start; the paths inside the body that leave it without receiving (a
 * `case <-ctx.Done(): return`) are still followed.
 *
 * Returns the earliest exit reached without a receive, null when every path receives, undefined
 * when the function cannot be analysed.
 */
export function exitWithoutReceive(fn: Node, go: Node, receives: Node[]): Node | null | undefined {
  const graph = flowGraph(fn);
  const start = graph?.vertexOf.get(go.id);
  if (!graph || start === undefined) return undefined;
  const receiving = new Set<number>();
  const entered = new Set<number>();
  for (const r of receives) {
    const chain = ancestors(r);
    const v = vertexHolding(graph, r, chain);
    if (v !== undefined) receiving.add(v);
    for (const loop of chain) {
      if (loop.type !== 'for_statement') continue;
      const header = headerOf(graph, loop);
      if (header !== undefined) entered.add(header);
    }
  }
  const seen = new Set<number>();
  const found: Node[] = [];
  const stack = [...graph.vertices[start]!.succ];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (receiving.has(v)) continue;
    const vertex = graph.vertices[v]!;
    if (vertex.kind === 'return' || vertex.kind === 'end') {
      found.push(vertex.nodes[0] ?? fn);
      continue;
    }
    // A header's first successor is the loop body (see flow-graph.ts).
    const next = entered.has(v) ? vertex.succ.slice(0, 1) : vertex.succ;
    for (const n of next) stack.push(n);
  }
  return found.length === 0 ? null : found.reduce((a, b) => (b.startIndex < a.startIndex ? b : a));
}

/** The vertex of the innermost statement of `fn` holding `node`; through literals called on the spot. */
function vertexHolding(graph: FlowGraph, node: Node, chain: Node[]): number | undefined {
  const own = graph.vertexOf.get(node.id);
  if (own !== undefined) return own;
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== graph.fn.id; i--) {
    const v = graph.vertexOf.get(chain[i]!.id);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The vertex testing whether a loop of the graph runs again: its condition or range operand. */
function headerOf(graph: FlowGraph, loop: Node): number | undefined {
  const clause = loop.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  let tested: Node | null | undefined = clause;
  if (clause?.type === 'for_clause') tested = clause.childForFieldName('condition');
  else if (clause?.type === 'range_clause') tested = clause.childForFieldName('right');
  return tested ? graph.vertexOf.get(tested.id) : undefined;
}
