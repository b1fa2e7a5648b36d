import type { Node } from 'web-tree-sitter';
import { FUNCTION_TYPES as FUNCTION_TYPE_LIST, nodeIndex } from './node-index.js';

/** Small questions about node shapes that several analyses and rules share. */

const FUNCTION_TYPES: ReadonlySet<string> = new Set(FUNCTION_TYPE_LIST);

/** A function declaration, method declaration or function literal: each is its own function. */
export function isFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/**
 * The ancestors of `node`, outermost (the root) first, `node` excluded. `node.parent` re-descends
 * from the root on every call, so walking a chain of parents costs depth² (seconds at a depth of
 * 1,000); one cursor walk down to the node costs depth.
 */
export function ancestors(node: Node): Node[] {
  const cursor = node.tree.walk();
  const chain: Node[] = [];
  try {
    while (cursor.nodeId !== node.id) {
      const current = cursor.currentNode;
      // A zero-width node can hide behind a sibling ending where it starts: fall back to parents.
      if (current.startIndex > node.startIndex || current.endIndex < node.endIndex) return parentChain(node);
      chain.push(current);
      if (!cursor.gotoFirstChildForIndex(node.startIndex)) return parentChain(node);
    }
  } finally {
    cursor.delete();
  }
  return chain;
}

function parentChain(node: Node): Node[] {
  const chain: Node[] = [];
  for (let p = node.parent; p; p = p.parent) chain.push(p);
  return chain.reverse();
}

/** The innermost function that contains `node` (not `node` itself), from the tree's node index. */
export function enclosingFunction(node: Node): Node | undefined {
  return nodeIndex(node.tree).enclosingFunction(node);
}

/** The top-level declaration holding `node` (`ancestors(node)[1] ?? node`), found from the root in one step
 * instead of a walk down the whole depth. */
export function topLevelOf(node: Node): Node {
  const root = node.tree.rootNode;
  if (node.id === root.id) return node;
  const cursor = root.walk();
  try {
    if (cursor.gotoFirstChildForIndex(node.startIndex)) {
      const top = cursor.currentNode;
      if (top.startIndex <= node.startIndex && top.endIndex >= node.endIndex && top.endIndex > node.startIndex) return top;
    }
  } finally {
    cursor.delete();
  }
  return ancestors(node)[1] ?? node;
}

/** Whether `inner` lies within `outer` (a node contains itself). */
export function contains(outer: Node | null | undefined, inner: Node): boolean {
  return outer != null && inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** `(((x)))` → `x`. */
export function unparen(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  return n;
}

/** The statements of a block, a case clause or a statement_list, comments left out. */
export function statementsOf(node: Node): Node[] {
  const list = node.type === 'statement_list' ? node : node.namedChildren.find((c) => c.type === 'statement_list');
  return list ? list.namedChildren.filter((c) => c.type !== 'comment') : [];
}

/** A function literal that is called where it is written: `func() { ... }()`. */
export function isImmediatelyCalled(funcLit: Node): boolean {
  let n = funcLit;
  let p = n.parent;
  while (p?.type === 'parenthesized_expression') {
    n = p;
    p = p.parent;
  }
  return p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id;
}

/** The nodes of the given types evaluated when `node` runs (call_expression by default): those inside
 * function literals are left out, except literals called on the spot, whose bodies run right there.
 * From one cursor walk: asking each literal for its parents crossed the WASM boundary once per level of
 * depth, per literal. */
export function nodesEvaluatedBy(node: Node, types: readonly string[] = ['call_expression']): Node[] {
  if (node.type === 'func_literal' && !isImmediatelyCalled(node)) return [];
  return placeNodes(node, types)
    .filter((p) => p.literal === undefined)
    .map((p) => p.node);
}

/** isImmediatelyCalled for the literal under the cursor, from the path above it; when the answer lies
 * above the walk's start, from the tree. */
function calledWhereWritten(path: ReadonlyArray<{ type: string; field: string | null }>, field: string | null, cursor: { currentNode: Node }): boolean {
  let i = path.length - 1;
  let childField = field;
  while (i >= 0 && path[i]!.type === 'parenthesized_expression') childField = path[i--]!.field;
  if (i < 0) return isImmediatelyCalled(cursor.currentNode);
  return path[i]!.type === 'call_expression' && childField === 'function';
}

/** A node of a wanted type and the innermost function literal around it that is not called where it is
 * written (undefined: none below the walk's start). */
export interface Placed {
  node: Node;
  literal: { startIndex: number; endIndex: number } | undefined;
}

/**
 * Every node of the given types under `root`, in source order, each with the innermost uncalled literal
 * around it, from one cursor walk: nodesEvaluatedBy(n) is then the placed nodes inside n whose literal
 * does not lie inside n, which a rule asking about many nested nodes can answer without walking each.
 */
export function placeNodes(root: Node, types: readonly string[]): Placed[] {
  const wanted = new Set(types);
  const found: Placed[] = [];
  const path: Array<{ type: string; field: string | null }> = [];
  const literals: Array<{ startIndex: number; endIndex: number; depth: number }> = [];
  const cursor = root.walk();
  try {
    for (;;) {
      const type = cursor.nodeType;
      const field = cursor.currentFieldName;
      if (type === 'func_literal' && !(path.length === 0 ? isImmediatelyCalled(cursor.currentNode) : calledWhereWritten(path, field, cursor))) {
        literals.push({ startIndex: cursor.startIndex, endIndex: cursor.endIndex, depth: path.length });
      }
      if (wanted.has(type)) found.push({ node: cursor.currentNode, literal: literals[literals.length - 1] });
      if (cursor.gotoFirstChild()) {
        path.push({ type, field });
        continue;
      }
      for (;;) {
        if (literals.length > 0 && literals[literals.length - 1]!.depth === path.length) literals.pop();
        if (path.length === 0) return found;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        path.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
