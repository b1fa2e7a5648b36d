import type { Node } from 'web-tree-sitter';
import type { Leak } from '../../src/analysis/lifetime-walk.js';
import { statementsOf } from '../../src/analysis/syntax.js';
import type { LockCall } from './lock-calls.js';

/**
 * A Begin-style function: it releases the mutex only on its failure branches (`mu.Unlock(); return
 * nil, err`) and leaves by its last statement with the mutex held, for the transaction or handle it
 * returns to release (`Commit`, `Rollback`, `Close`). That is a hand-off on success, not a forgotten
 * Unlock: when a leak is the function's last statement and every release is followed by a return in
 * its own block, the function is silent. (A function that forgets the final Unlock after unlocking on
 * every early return looks the same, and is missed.)
 */
export function handsOffOnSuccess(fn: Node, leaks: readonly Leak[], releases: readonly LockCall[]): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const statements = statementsOf(body);
  const last = statements[statements.length - 1];
  const atEnd = leaks.some((l) => l.kind === 'exit' && (l.node.id === last?.id || l.node.id === body.lastChild?.id));
  return atEnd && releases.length > 0 && releases.every(releasedOnTheWayOut);
}

/** How many blocks out from the release its return may stand (`if writable { mu.Unlock() }; return nil, err`). */
const MAX_LEVELS = 3;

/** `mu.Unlock()` followed, in its own block or one around it, by a return of an error. */
function releasedOnTheWayOut(release: LockCall): boolean {
  let statement: Node | null = release.call.parent;
  if (statement?.type !== 'expression_statement') return false;
  for (let level = 0; statement && level < MAX_LEVELS; level++) {
    const list: Node | null = statement.parent;
    if (!list) return false;
    const rest = statementsOf(list);
    const at = rest.findIndex((s) => s.id === statement!.id);
    const ret = rest[rest.length - 1];
    if (at >= 0 && at < rest.length - 1 && ret?.type === 'return_statement') return returnsError(ret);
    // Out of the branch: the if statement that holds this block (block → if, or block → else → if).
    let up: Node | null = list;
    while (up?.type === 'statement_list' || up?.type === 'block') up = up.parent;
    if (up?.type !== 'if_statement') return false;
    statement = up;
  }
  return false;
}

/** The last result looks like an error: `err`, `ErrClosed`, `pkg.ErrX`, `fmt.Errorf(...)`, `newErr(...)`. */
function returnsError(ret: Node): boolean {
  const results = ret.namedChildren.find((c) => c.type === 'expression_list')?.namedChildren ?? ret.namedChildren.filter((c) => c.type !== 'comment');
  const last = results[results.length - 1];
  if (!last) return false;
  const name = last.type === 'call_expression' ? (last.childForFieldName('function')?.text ?? '') : last.text;
  return /[eE]rr|(^|\.)(New|Wrap\w*)$/.test(name);
}
