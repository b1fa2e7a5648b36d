import { Query, type Language, type Node, type Tree } from 'web-tree-sitter';
import { defineFact, storeOf } from './fact-store.js';

/**
 * The structural index of one tree, built once and shared by every rule (the `inspect` pass of
 * go/analysis): the nodes of a type in source order, and the innermost function or loop around a node.
 * `node.parent` re-descends from the root on every call, so a rule that climbed ancestors to find its
 * function paid the depth of the tree per question; here the answer is a binary search over the
 * functions' (or loops') ranges, computed from one Query.
 */

export const FUNCTION_TYPES = ['function_declaration', 'method_declaration', 'func_literal'] as const;
export const LOOP_TYPES = ['for_statement'] as const;

const queries = new Map<string, Query>();

/** One compiled Query per language and set of node types (compiling costs more than running it). */
function queryFor(language: Language, nodeTypes: readonly string[]): Query {
  const types = [...new Set(nodeTypes)].sort();
  const key = types.join(' ');
  let query = queries.get(key);
  if (!query) {
    query = new Query(language, types.map((t) => `(${t}) @${t}`).join('\n'));
    queries.set(key, query);
  }
  return query;
}

/** Every node of the given types under `root`, in source order (outer before inner). */
export function capturesOf(root: Node, nodeTypes: readonly string[]): Node[] {
  if (nodeTypes.length === 0) return [];
  return queryFor(root.tree.language, nodeTypes)
    .captures(root)
    .map((c) => c.node);
}

/**
 * Nested ranges (every pair nested or disjoint, as syntax nodes are) cut into segments, each with the
 * innermost range that covers it: `innermostAt(offset)` is then one binary search.
 */
class RangeNest {
  private readonly bounds: number[] = [];
  private readonly cover: number[] = [];
  readonly parent: number[] = [];

  constructor(readonly nodes: readonly Node[]) {
    const stack: number[] = [];
    const emit = (at: number, covering: number) => {
      if (this.bounds.length > 0 && this.bounds[this.bounds.length - 1] === at) this.cover[this.cover.length - 1] = covering;
      else {
        this.bounds.push(at);
        this.cover.push(covering);
      }
    };
    const popUntil = (start: number) => {
      while (stack.length > 0 && nodes[stack[stack.length - 1]!]!.endIndex <= start) {
        const done = nodes[stack.pop()!]!;
        emit(done.endIndex, stack.length > 0 ? stack[stack.length - 1]! : -1);
      }
    };
    for (let i = 0; i < nodes.length; i++) {
      popUntil(nodes[i]!.startIndex);
      this.parent.push(stack.length > 0 ? stack[stack.length - 1]! : -1);
      emit(nodes[i]!.startIndex, i);
      stack.push(i);
    }
    popUntil(Number.MAX_SAFE_INTEGER);
  }

  /** The index of the innermost range covering byte `offset`, or -1. */
  innermostAt(offset: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.bounds[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -1 : this.cover[lo - 1]!;
  }

  /** The innermost range that holds `node` and is neither `node` nor inside it. A range with exactly the
   * node's extent lies inside it (`x := func() {…}` gives the literal and its expression list one range;
   * no function or loop spans exactly one of its own parts). */
  around(node: Node): Node | undefined {
    let i = this.innermostAt(node.startIndex);
    // Ranges starting where `node` starts may lie inside it (`func() {…}()` holds its literal).
    while (i >= 0) {
      const candidate = this.nodes[i]!;
      const holds = candidate.startIndex <= node.startIndex && candidate.endIndex >= node.endIndex;
      const same = candidate.startIndex === node.startIndex && candidate.endIndex === node.endIndex;
      if (holds && !same) return candidate;
      i = this.parent[i]!;
    }
    return undefined;
  }
}

export interface NodeIndex {
  /** The nodes of `type` in the tree, in source order. */
  ofType(type: string): readonly Node[];
  /** The innermost function (declaration, method or literal) around `node`, not `node` itself. */
  enclosingFunction(node: Node): Node | undefined;
  /** The innermost `for` statement around `node`, not `node` itself. */
  enclosingLoop(node: Node): Node | undefined;
}

class TreeIndex implements NodeIndex {
  private readonly byType = new Map<string, Node[]>();
  private functions: RangeNest | undefined;
  private loops: RangeNest | undefined;

  constructor(private readonly tree: Tree) {}

  ofType(type: string): readonly Node[] {
    let nodes = this.byType.get(type);
    if (!nodes) this.byType.set(type, (nodes = capturesOf(this.tree.rootNode, [type])));
    return nodes;
  }

  enclosingFunction(node: Node): Node | undefined {
    this.functions ??= new RangeNest(capturesOf(this.tree.rootNode, FUNCTION_TYPES));
    return this.functions.around(node);
  }

  enclosingLoop(node: Node): Node | undefined {
    this.loops ??= new RangeNest(capturesOf(this.tree.rootNode, LOOP_TYPES));
    return this.loops.around(node);
  }
}

const NODE_INDEX = defineFact<Tree, NodeIndex>('node-index', (tree) => new TreeIndex(tree));

/** The index of the tree `node` (or the tree itself) belongs to, built on first use. */
export function nodeIndex(tree: Tree): NodeIndex {
  return storeOf(tree).get(NODE_INDEX, tree);
}

/** The nodes of `type` inside `node` (itself included if it is one), in source order: a binary search
 * into the tree's index instead of a descendant search per question. */
export function nodesWithin(node: Node, type: string): Node[] {
  const nodes = nodeIndex(node.tree).ofType(type);
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.startIndex < node.startIndex) lo = mid + 1;
    else hi = mid;
  }
  const out: Node[] = [];
  for (let i = lo; i < nodes.length && nodes[i]!.startIndex < node.endIndex; i++) if (nodes[i]!.endIndex <= node.endIndex) out.push(nodes[i]!);
  return out;
}
