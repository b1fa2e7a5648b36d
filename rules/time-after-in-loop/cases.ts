import type { Node } from 'web-tree-sitter';
import { assignedValues } from '../../src/analysis/assigned-values.js';
import { packageMember } from '../../src/analysis/imports.js';
import { resolve } from '../../src/analysis/scopes.js';
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
  const tested = conditionNames(loop);
  for (const c of select.namedChildren) {
    if (c.id === own.id || (c.type !== 'communication_case' && c.type !== 'default_case')) continue;
    if (c.type === 'communication_case' && (timeDriven(file, c) || signalOnly(c) || oneShot(file, c))) continue;
    if (tested.size > 0 && assignsAny(c, tested)) continue;
    if (!terminates(statementsOf(c), loop)) return c;
  }
  return undefined;
}

/** The names a condition loop tests (`for !finished`, `for errc == nil && err == nil`). */
function conditionNames(loop: Node): Set<string> {
  const clause = loop.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  const cond = clause && clause.type !== 'for_clause' && clause.type !== 'range_clause' ? clause : undefined;
  return new Set(cond ? [...cond.text.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]) : []);
}

/** A case that sets what the loop condition tests (`case errc = <-quit:`, `finished = true`): it may end
 * the loop, so it is not taken to bring it round. */
function assignsAny(c: Node, names: Set<string>): boolean {
  const targets: Node[] = [];
  const comm = c.childForFieldName('communication');
  const left = comm?.type === 'receive_statement' ? comm.childForFieldName('left') : null;
  if (left) targets.push(...left.namedChildren);
  for (const stmt of statementsOf(c)) {
    if (stmt.type === 'assignment_statement') targets.push(...(stmt.childForFieldName('left')?.namedChildren ?? []));
  }
  return targets.some((t) => names.has(unparen(t).text.replace(/^\*/, '')));
}

/** `case <-ch:` with nothing received into a variable: a notification (a done, stop or wake-up
 * channel, a leader change), which fires rarely or once, not a stream of messages. Streams are received
 * into a value (`case m := <-msgs:`) or sent to (`case out <- m:`). */
function signalOnly(c: Node): boolean {
  const comm = c.childForFieldName('communication');
  return comm?.type === 'receive_statement' && comm.childForFieldName('left') === null;
}

/** `case err := <-errc:` from a local `errc := make(chan error, 1)`: the channel of one result (a
 * command's exit, a goroutine's error), which comes once, not per message. */
function oneShot(file: SourceFile, c: Node): boolean {
  const ch = receivedChannel(c);
  const binding = ch?.type === 'identifier' ? resolve(file, ch) : undefined;
  const values = binding && binding.scope.kind !== 'package' ? assignedValues(file, binding) : undefined;
  return values !== undefined && values.length > 0 && values.every((v) => {
    const call = unparen(v);
    const args = call.type === 'call_expression' && call.childForFieldName('function')?.text === 'make' ? call.childForFieldName('arguments')?.namedChildren ?? [] : [];
    return args[0]?.type === 'channel_type' && args[1]?.text === '1';
  });
}

/** The channel a receive case reads: `ch` in `case v := <-ch:`. */
function receivedChannel(c: Node): Node | undefined {
  const comm = c.childForFieldName('communication');
  const recv = comm?.type === 'receive_statement' ? comm.childForFieldName('right') : undefined;
  const op = recv ? unparen(recv) : undefined;
  return op?.type === 'unary_expression' && op.child(0)?.type === '<-' ? unparen(op.childForFieldName('operand') ?? op) : undefined;
}

/** `case <-t.C:`, `case <-ticker.C:`, `case <-time.Tick(d):`, `case <-time.After(d):`. */
function timeDriven(file: SourceFile, c: Node): boolean {
  const ch = receivedChannel(c);
  if (!ch) return false;
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
