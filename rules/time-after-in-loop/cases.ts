import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { isNoReturnStatement } from '../../src/analysis/no-return.js';
import { statementsOf, unparen } from '../../src/analysis/syntax.js';
import type { SourceFile } from '../../src/rule-api.js';

/**
 * The other cases of a select around a `time.After`: which of them bring the loop round again before
 * the timer fired. A case that leaves the loop (return, a labeled break or goto out of it, a call that
 * never returns) ends the leak there; a case driven by another timer or ticker (`<-t.C`,
 * `<-time.Tick(d)`) paces the loop, so only a few timers can be pending at once.
 */

/** The first case of `select` other than `own` that comes back to `loop` without the timer having fired. */
export function fastCase(file: SourceFile, select: Node, own: Node, loop: Node): Node | undefined {
  for (const c of select.namedChildren) {
    if (c.id === own.id || (c.type !== 'communication_case' && c.type !== 'default_case')) continue;
    if (c.type === 'communication_case' && timeDriven(file, c)) continue;
    if (!terminates(statementsOf(c), loop)) return c;
  }
  return undefined;
}

/** `case <-t.C:`, `case <-ticker.C:`, `case <-time.Tick(d):`, `case <-time.After(d):`. */
function timeDriven(file: SourceFile, c: Node): boolean {
  const comm = c.childForFieldName('communication');
  const recv = comm?.type === 'receive_statement' ? comm.childForFieldName('right') : comm?.type === 'expression_statement' ? comm.namedChild(0) : undefined;
  const op = recv ? unparen(recv) : undefined;
  if (op?.type !== 'unary_expression' || op.child(0)?.type !== '<-') return false;
  const ch = unparen(op.childForFieldName('operand') ?? op);
  if (ch.type === 'selector_expression') return ch.childForFieldName('field')?.text === 'C';
  const callee = ch.type === 'call_expression' ? ch.childForFieldName('function') : null;
  const member = callee ? packageMember(file, callee, ['time']) : undefined;
  return member === 'Tick' || member === 'After';
}

/** Whether a statement list always leaves `loop`: its last statement returns, exits, breaks or jumps
 * out, or is an if/else or block whose every branch does. */
export function terminates(stmts: Node[], loop: Node): boolean {
  const body = stmts.filter((s) => s.type !== 'empty_statement');
  const last = body[body.length - 1];
  return last !== undefined && leaves(last, loop);
}

function leaves(stmt: Node, loop: Node): boolean {
  switch (stmt.type) {
    case 'return_statement':
    case 'goto_statement':
      return true;
    case 'break_statement': {
      // An unlabeled break inside a select ends the select, not the loop.
      const label = stmt.namedChild(0)?.text;
      return label !== undefined && labelOf(loop) === label;
    }
    case 'expression_statement':
      return isNoReturnStatement(stmt);
    case 'block':
      return terminates(statementsOf(stmt), loop);
    case 'if_statement': {
      const alt = stmt.childForFieldName('alternative');
      const then = stmt.childForFieldName('consequence');
      return alt !== null && then !== null && leaves(then, loop) && leaves(alt, loop);
    }
    default:
      return false;
  }
}

/** The label of `L: for ...`. */
function labelOf(loop: Node): string | undefined {
  const parent = loop.parent;
  return parent?.type === 'labeled_statement' ? parent.childForFieldName('label')?.text : undefined;
}
