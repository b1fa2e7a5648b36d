import type { Node } from 'web-tree-sitter';

/**
 * Where a tree did not parse. Every walk here descends only into subtrees that hold an error, so a
 * clean file costs nothing and a broken one costs the size of its broken parts.
 */

/** The outermost ERROR and MISSING nodes at or below `node`, in source order. */
export function syntaxErrors(node: Node): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) {
      found.push(n);
      continue;
    }
    for (let i = n.childCount - 1; i >= 0; i--) {
      const child = n.child(i);
      if (child && (child.hasError || child.isMissing)) stack.push(child);
    }
  }
  return found;
}

/** The first ERROR or MISSING node in source order, found along one path down from the root. */
export function firstSyntaxError(root: Node): Node | undefined {
  let node: Node = root;
  for (;;) {
    let next: Node | undefined;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      if (child.isError || child.isMissing) return child;
      if (child.hasError) {
        next = child;
        break;
      }
    }
    if (!next) return node === root ? undefined : node;
    node = next;
  }
}

/** Statements whose parts get vertices of their own in a flow graph; the rest are one vertex each. */
const COMPOUND = new Set(['block', 'if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement', 'labeled_statement']);
/** The parts of a compound statement that are statements (or hold them). */
const NESTED = new Set(['block', 'statement_list', 'if_statement', 'expression_case', 'default_case', 'type_case', 'communication_case']);

/**
 * Whether the syntax error in `node` (which has one) belongs to this statement itself rather than to a
 * statement nested in it: a simple statement with an error anywhere, or a compound one whose header
 * (condition, clause, case values) did not parse. A broken statement inside a loop body leaves the
 * loop itself intact.
 */
export function brokenHere(node: Node): boolean {
  if (node.isError || node.isMissing || !COMPOUND.has(node.type)) return true;
  for (const child of node.children) {
    if (!child.hasError && !child.isMissing && !child.isError) continue;
    if (child.isError || child.isMissing) return true;
    if (NESTED.has(child.type)) {
      if (child.type.endsWith('_case') && caseHeaderBroken(child)) return true;
      continue;
    }
    if (node.type === 'labeled_statement' && child.type !== 'label_name') continue;
    return true;
  }
  return false;
}

function caseHeaderBroken(clause: Node): boolean {
  for (const child of clause.children) {
    if (child.type === 'statement_list') continue;
    if (child.hasError || child.isError || child.isMissing) return true;
  }
  return false;
}
