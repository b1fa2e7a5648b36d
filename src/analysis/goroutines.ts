import type { Node } from 'web-tree-sitter';

/** Where goroutines start. */

/** The `go` statement that starts a function literal as a goroutine (`go func() { ... }()`), if any. */
export function goStatementOf(funcLit: Node): Node | undefined {
  if (funcLit.type !== 'func_literal') return undefined;
  let n = funcLit;
  let p = n.parent;
  while (p?.type === 'parenthesized_expression') {
    n = p;
    p = p.parent;
  }
  if (p?.type !== 'call_expression' || p.childForFieldName('function')?.id !== n.id) return undefined;
  return p.parent?.type === 'go_statement' ? p.parent : undefined;
}

/** The function literal a `go` statement starts, if it starts one (`go func() { ... }()`). */
export function goroutineLiteral(goStmt: Node): Node | undefined {
  const call = goStmt.namedChildren.find((c) => c.type === 'call_expression');
  let fn = call?.childForFieldName('function');
  while (fn?.type === 'parenthesized_expression' && fn.namedChild(0)) fn = fn.namedChild(0)!;
  return fn?.type === 'func_literal' ? fn : undefined;
}
