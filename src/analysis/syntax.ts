import type { Node } from 'web-tree-sitter';

/** Small questions about node shapes that several analyses and rules share. */

const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

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

/** The innermost function that contains `node` (not `node` itself). */
export function enclosingFunction(node: Node): Node | undefined {
  const chain = ancestors(node);
  for (let i = chain.length - 1; i >= 0; i--) if (isFunction(chain[i]!)) return chain[i];
  return undefined;
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
 * function literals are left out, except literals called on the spot, whose bodies run right there. */
export function nodesEvaluatedBy(node: Node, types: readonly string[] = ['call_expression']): Node[] {
  const found = node.descendantsOfType(types as string[]);
  const literals = node.descendantsOfType('func_literal');
  if (literals.length === 0) return found;
  const skipped: Array<[number, number]> = [];
  for (const lit of literals) {
    if (!isImmediatelyCalled(lit)) skipped.push([lit.startIndex, lit.endIndex]);
  }
  if (skipped.length === 0) return found;
  return found.filter((c) => !skipped.some(([start, end]) => c.startIndex >= start && c.endIndex <= end));
}
