import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { methodsOf, resolveInPackage } from '../../src/analysis/package-scope.js';
import { ancestors, contains, statementsOf } from '../../src/analysis/syntax.js';
import { namedType, typeOf } from '../../src/analysis/type-of.js';

/** Where goroutines start, what they run, and how many a run of statements starts. */

/**
 * The function a `go` statement runs, when the source shows it: the literal of `go func() {...}()`,
 * or the declaration of a function or method of this package (`go s.loop()` for an evident `s`).
 */
export function goroutineBody(pkg: GoPackage, file: SourceFile, goStmt: Node): { fn: Node; file: SourceFile } | undefined {
  const call = goStmt.namedChildren.find((c) => c.type === 'call_expression');
  return call ? calleeBody(pkg, file, call) : undefined;
}

/** The function a call runs, when the source shows it (as for goroutineBody). */
export function calleeBody(pkg: GoPackage, file: SourceFile, call: Node): { fn: Node; file: SourceFile } | undefined {
  let callee = call.childForFieldName('function');
  while (callee?.type === 'parenthesized_expression' && callee.namedChild(0)) callee = callee.namedChild(0)!;
  if (!callee) return undefined;
  if (callee.type === 'func_literal') return { fn: callee, file };
  if (callee.type === 'identifier') {
    const found = resolveInPackage(pkg, file, callee);
    const decl = found?.binding.kind === 'func' ? found.binding.node.parent : undefined;
    if (decl?.type === 'function_declaration') return { fn: decl, file: found!.file };
    const value = found?.binding.kind === 'var' ? literalValue(found.binding.node) : undefined;
    return value ? { fn: value, file: found!.file } : undefined;
  }
  if (callee.type !== 'selector_expression') return undefined;
  const operand = callee.childForFieldName('operand');
  const owner = operand ? namedType(typeOf(pkg, file, operand)) : undefined;
  const name = callee.childForFieldName('field')?.text;
  const method = owner ? methodsOf(pkg, owner).find((m) => m.node.childForFieldName('name')?.text === name) : undefined;
  return method ? { fn: method.node, file: method.file } : undefined;
}

/** The function literal a variable is declared with (`send := func() {...}`, `var f = func() {...}`). */
function literalValue(name: Node): Node | undefined {
  const list = name.parent;
  const owner = list?.type === 'expression_list' ? list.parent : list;
  if (!list || !owner || (owner.type !== 'short_var_declaration' && owner.type !== 'var_spec')) return undefined;
  const names = owner.type === 'var_spec' ? owner.childrenForFieldName('name') : list.namedChildren;
  const values = owner.childForFieldName(owner.type === 'var_spec' ? 'value' : 'right')?.namedChildren ?? [];
  const value = names.length === values.length ? values[names.findIndex((n) => n.id === name.id)] : undefined;
  return value?.type === 'func_literal' ? value : undefined;
}

export interface LaunchQuestion {
  /** For a `go` statement: 1 if it starts a goroutine that counts, 0 if it evidently does not,
   * undefined if that cannot be told. */
  counts(goStmt: Node): number | undefined;
  /** Whether a statement may change the count other than by `go` (it mentions the counter). */
  involves(stmt: Node): boolean;
  /** A statement where counting ends (the Wait). */
  stopsAt(stmt: Node): boolean;
}

/**
 * How many counted goroutines a run of statements starts before the first `stopsAt` statement:
 * `go` statements, blocks, and loops with a literal trip count are counted; any other statement
 * that involves the counter or holds a `go` (a conditional launch) makes the count unknown.
 */
export function countLaunches(stmts: Iterable<Node>, q: LaunchQuestion): number | undefined {
  let total = 0;
  for (const stmt of stmts) {
    if (q.stopsAt(stmt)) return total;
    let n: number | undefined;
    if (stmt.type === 'go_statement') n = q.counts(stmt);
    else if (stmt.type === 'block') n = countLaunches(statementsOf(stmt), q);
    else if (stmt.descendantsOfType('go_statement').length === 0 && !q.involves(stmt)) n = 0;
    else if (stmt.type === 'for_statement') n = loopLaunches(stmt, q);
    if (n === undefined) return undefined;
    total += n;
  }
  return total;
}

function loopLaunches(loop: Node, q: LaunchQuestion): number | undefined {
  const trips = literalTripCount(loop);
  const body = loop.childForFieldName('body');
  const perTrip = trips !== undefined && body ? countLaunches(statementsOf(body), q) : undefined;
  return trips === undefined || perTrip === undefined ? undefined : trips * perTrip;
}

/** The number of iterations of `for i := 0; i < 4; i++` (also `<=`, and `for range 4`) when it is
 * written in literals and nothing jumps out of or past the body; otherwise undefined. */
export function literalTripCount(loop: Node): number | undefined {
  const body = loop.childForFieldName('body');
  if (!body || leavesEarly(body)) return undefined;
  const clause = loop.namedChildren.find((c) => c.type === 'for_clause' || c.type === 'range_clause');
  if (clause?.type === 'range_clause') return intValue(clause.childForFieldName('right'));
  const init = clause?.childForFieldName('initializer');
  const cond = clause?.childForFieldName('condition');
  const update = clause?.childForFieldName('update');
  if (init?.type !== 'short_var_declaration' || cond?.type !== 'binary_expression' || update?.type !== 'inc_statement') return undefined;
  const variable = init.childForFieldName('left')?.text;
  const start = intValue(init.childForFieldName('right')?.namedChild(0));
  const end = intValue(cond.childForFieldName('right'));
  const op = cond.childForFieldName('operator')?.text;
  if (start === undefined || end === undefined || cond.childForFieldName('left')?.text !== variable || update.namedChild(0)?.text !== variable) return undefined;
  if (op === '<') return Math.max(0, end - start);
  return op === '<=' ? Math.max(0, end - start + 1) : undefined;
}

/** The value of a decimal int literal. */
export function intValue(node: Node | null | undefined): number | undefined {
  return node?.type === 'int_literal' && /^[0-9]+$/.test(node.text) ? Number(node.text) : undefined;
}

const INNER_BREAK_TARGETS = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);

/** Whether a jump in a loop body can leave the loop or skip the rest of an iteration: a return, a
 * goto, a labelled jump, or a break/continue not captured by an inner loop, switch or select. Jumps
 * inside function literals are their own function's. */
export function leavesEarly(body: Node): boolean {
  const jumps = body.descendantsOfType(['break_statement', 'continue_statement', 'return_statement', 'goto_statement']);
  return jumps.some((jump) => {
    const between = ancestors(jump).filter((a) => contains(body, a) && a.id !== body.id);
    if (between.some((a) => a.type === 'func_literal')) return false;
    if (jump.type === 'return_statement' || jump.type === 'goto_statement' || jump.namedChildCount > 0) return true;
    const captures = jump.type === 'break_statement' ? INNER_BREAK_TARGETS : new Set(['for_statement']);
    return !between.some((a) => captures.has(a.type));
  });
}
