import type { Node } from 'web-tree-sitter';
import { nodeTable, storeOf } from '../../src/analysis/fact-store.js';
import { flowGraph, type FlowGraph } from '../../src/analysis/flow-graph.js';
import { ancestors, contains } from '../../src/analysis/syntax.js';

/**
 * The path question of go/analysis's lostcancel, asked for a receive: from the `go` statement, is
 * there a path to a return of the starting function (or its closing brace) that passes no receive
 * from the channel? A path through a call that never returns needs none. One refinement: a loop
 * whose body receives is taken to run at least once when the path reaches it (`for range peers {
 * <-results }` after starting one sender per peer), since the path that skips it exists only when
 * there was nothing to start; the paths inside the body that leave it without receiving (a
 * `case <-ctx.Done(): return`) are still followed.
 *
 * A `go` statement in a loop starts one sender per iteration, so one receive does not free them all:
 * only receives in a loop count, and a path from such a receive that leaves the function without
 * coming back to that loop's header (`if r.err != nil { return r.err }` after the first result) leaves
 * the remaining senders blocked.
 */

interface Receive {
  vertex: number;
  /** The header of the innermost loop of the function around the receive that does not hold the `go`
   * ('endless' for a loop without a condition: the path is back when it reaches the receive again). */
  collecting: number | 'endless' | undefined;
  inLoop: boolean;
}

/** The earliest exit reached without a receive, null when every path receives, undefined when the
 * function cannot be analysed. */
export function exitWithoutReceive(fn: Node, go: Node, receives: Node[], perIteration: boolean): Node | null | undefined {
  const graph = flowGraph(fn);
  const start = graph?.vertexOf.get(go.id);
  if (!graph || start === undefined) return undefined;
  const entered = new Set<number>();
  let found: Receive[] = receives.flatMap((r) => receiveOf(graph, r, go, entered) ?? []);
  if (perIteration) found = found.filter((r) => r.inLoop);
  if (found.some((r) => deferredBefore(graph, r.vertex, go))) return null;
  const receiving = new Set(found.map((r) => r.vertex));
  const leaky = leakyVertices(graph, receiving, entered);
  const exit = graph.vertices[start]!.succ.some((v) => leaky.has(v)) ? walk(graph, graph.vertices[start]!.succ, (v) => receiving.has(v), entered) : null;
  if (exit || !perIteration) return exit;
  for (const r of found) {
    if (r.collecting === undefined) continue;
    // Back at the header the collection goes on; a receive outside this loop is a drain.
    const back = r.collecting === 'endless' ? r.vertex : r.collecting;
    const stop = (v: number) => v === back || (receiving.has(v) && !found.some((o) => o.vertex === v && o.collecting === r.collecting));
    const early = walk(graph, graph.vertices[r.vertex]!.succ, stop, entered);
    if (early) return early;
  }
  return null;
}

function receiveOf(graph: FlowGraph, r: Node, go: Node, entered: Set<number>): Receive | undefined {
  const chain = ancestors(r);
  const vertex = vertexHolding(graph, r, chain);
  if (vertex === undefined) return undefined;
  let collecting: Receive['collecting'];
  let inLoop = false;
  // A loop inside a literal called on the spot (`defer func() { for range peers { <-done } }()`) runs
  // whole within one statement of the function: it collects, and no path leaves it halfway.
  let inLiteral = false;
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== graph.fn.id; i--) {
    const loop = chain[i]!;
    if (loop.type === 'func_literal') inLiteral = true;
    if (loop.type !== 'for_statement') continue;
    inLoop = true;
    if (inLiteral) continue;
    const header = headerOf(graph, loop);
    if (header !== undefined) entered.add(header);
    if (collecting === undefined && !contains(loop, go)) collecting = header ?? 'endless';
  }
  if (inLiteral && inLoop) collecting = undefined;
  return { vertex, collecting, inLoop };
}

const LEAKY = nodeTable<Map<string, Set<number>>>('send-leak-leaky');
const PREDECESSORS = nodeTable<number[][]>('send-leak-predecessors');

/**
 * The vertices from which some path reaches an exit without a receive, by one backward search from the
 * exits, kept per graph and set of receives: a function that starts many goroutines on one channel asks
 * the same question from each of them, and a forward walk from each would cost the function's size
 * every time.
 */
function leakyVertices(graph: FlowGraph, receiving: Set<number>, entered: Set<number>): Set<number> {
  const tree = graph.fn.tree;
  const byFunction = storeOf(tree).get(LEAKY, tree);
  let perGraph = byFunction.get(graph.fn.id);
  if (!perGraph) byFunction.set(graph.fn.id, (perGraph = new Map()));
  const key = [...receiving].sort((a, b) => a - b).join(',') + '/' + [...entered].sort((a, b) => a - b).join(',');
  const known = perGraph.get(key);
  if (known) return known;
  const plain = storeOf(tree).get(PREDECESSORS, tree);
  let preds = entered.size === 0 ? plain.get(graph.fn.id) : undefined;
  if (!preds) {
    const built: number[][] = graph.vertices.map(() => []);
    graph.vertices.forEach((v, i) => v.succ.forEach((s, k) => (!entered.has(i) || k === 0) && built[s]!.push(i)));
    if (entered.size === 0) plain.set(graph.fn.id, built);
    preds = built;
  }
  const leaky = new Set<number>();
  const stack: number[] = [];
  graph.vertices.forEach((v, i) => {
    if ((v.kind === 'return' || v.kind === 'end') && !receiving.has(i)) {
      leaky.add(i);
      stack.push(i);
    }
  });
  while (stack.length > 0) {
    for (const u of preds[stack.pop()!]!) {
      if (leaky.has(u) || receiving.has(u)) continue;
      leaky.add(u);
      stack.push(u);
    }
  }
  perGraph.set(key, leaky);
  return leaky;
}

/** The earliest return (or closing brace) reached from `starts` without passing a vertex `stop` accepts. */
function walk(graph: FlowGraph, starts: readonly number[], stop: (v: number) => boolean, entered: Set<number>): Node | null {
  const seen = new Set<number>();
  const found: Node[] = [];
  const stack = [...starts];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (stop(v)) continue;
    const vertex = graph.vertices[v]!;
    if (vertex.kind === 'return' || vertex.kind === 'end') {
      found.push(vertex.nodes[0] ?? graph.fn);
      continue;
    }
    // A header's first successor is the loop body (see flow-graph.ts).
    const next = entered.has(v) ? vertex.succ.slice(0, 1) : vertex.succ;
    for (const n of next) stack.push(n);
  }
  return found.length === 0 ? null : found.reduce((a, b) => (b.startIndex < a.startIndex ? b : a));
}

/** A `defer` that receives, registered earlier in a block that holds the `go` statement: it runs on every
 * exit after the goroutine starts. */
function deferredBefore(graph: FlowGraph, v: number, go: Node): boolean {
  const vertex = graph.vertices[v]!;
  const stmt = vertex.nodes[0];
  return vertex.kind === 'defer' && stmt !== undefined && stmt.endIndex <= go.startIndex && contains(stmt.parent, go);
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
