import type { Node } from 'web-tree-sitter';
import type { IsX } from './flow.js';
import { flowGraph } from './flow-graph.js';
import { nodesEvaluatedBy } from './syntax.js';

/**
 * Whether X happens on every path through a whole function, from its first statement to a return or
 * its closing brace (flow.ts asks the same from a statement inside it). "X" is a predicate over the
 * calls a statement evaluates, those of function literals called on the spot included; a `defer`
 * that does X covers the exits after it; calls that never return need no X.
 * Returns the earliest exit (a return statement or the closing brace) some path reaches without X,
 * null when every path does X, undefined when the function cannot be analysed.
 */
export function exitWithout(fn: Node, isX: IsX): Node | null | undefined {
  const graph = flowGraph(fn);
  if (!graph) return undefined;
  const seen = new Set<number>();
  let first: Node | null = null;
  const stack = [0];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    const vertex = graph.vertices[v]!;
    if (vertex.kind !== 'pass' && vertex.kind !== 'end' && vertex.nodes.some((n) => nodesEvaluatedBy(n).some(isX))) continue;
    if (vertex.kind === 'return' || vertex.kind === 'end') {
      const exit = vertex.nodes[0] ?? fn;
      if (!first || exit.startIndex < first.startIndex) first = exit;
      continue;
    }
    stack.push(...vertex.succ);
  }
  return first;
}
