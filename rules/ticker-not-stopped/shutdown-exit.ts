import type { Node } from 'web-tree-sitter';
import { ancestors, isFunction, unparen } from '../../src/analysis/syntax.js';

/**
 * A return that a service loop takes when its owner shuts down: inside a select case that receives
 * from the Done channel of a context kept in a field of the method's receiver (`case <-s.ctx.Done():`),
 * from an accessor of the receiver (`case <-r.Quit():`, the service base types' stop channel)
 * or from a channel field of the receiver with the value left unused (`case <-s.quit:`; a
 * `v, ok := <-s.events` is a stream of work, which can end long before the service), or right after
 * the loop shuts its owner down (`p.shutdown(err); return`, a method of the receiver named in
 * SHUTDOWN_METHODS). A ticker such a loop leaves unstopped is
 * lost once per service stop, not once per call, and the rule leaves it alone; a return on any other
 * path (the work is done, a parameter context ends) still counts.
 */
export function isShutdownExit(exit: Node, fn: Node): boolean {
  const receiver = receiverName(fn);
  if (!receiver) return false;
  if (followsShutdownCall(exit, receiver)) return true;
  // Innermost first, with one cursor: each `.parent` starts again at the root.
  for (const n of ancestors(exit).reverse()) {
    if (n.id === fn.id || isFunction(n)) return false;
    if (n.type !== 'communication_case') continue;
    const comm = n.childForFieldName('communication');
    const recv = comm ? receivedFrom(comm) : undefined;
    return recv !== undefined && isReceiverField(recv, receiver);
  }
  return false;
}

/** Methods that stop the value they are called on: `s.shutdown(err)`, `s.Stop()`, `p.closeAll()`. */
export const SHUTDOWN_METHODS = /^(shutdown|stop|close|cancel)/i;

/** Whether the statement before the return is `receiver.m(...)` with m a shutdown method. */
function followsShutdownCall(exit: Node, receiver: string): boolean {
  const previous = exit.previousNamedSibling;
  const call = previous?.type === 'expression_statement' ? previous.namedChild(0) : undefined;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
  if (callee?.type !== 'selector_expression') return false;
  const owner = callee.childForFieldName('operand');
  return owner?.type === 'identifier' && owner.text === receiver && SHUTDOWN_METHODS.test(callee.childForFieldName('field')?.text ?? '');
}

function receiverName(fn: Node): string | undefined {
  if (fn.type !== 'method_declaration') return undefined;
  const param = fn.childForFieldName('receiver')?.namedChildren.find((c) => c.type === 'parameter_declaration');
  return param?.childForFieldName('name')?.text;
}

/** The channel expression of `<-ch` (as a statement or on the right of `v := <-ch`). */
function receivedFrom(comm: Node): Node | undefined {
  let expr: Node | null | undefined = comm;
  if (comm.type === 'expression_statement') expr = comm.namedChild(0);
  else if (comm.type === 'receive_statement') expr = comm.childForFieldName('left') ? undefined : comm.childForFieldName('right');
  if (!expr) return undefined;
  const e = unparen(expr);
  if (e.type !== 'unary_expression' || e.child(0)?.type !== '<-') return undefined;
  const operand = e.childForFieldName('operand');
  return operand ? unparen(operand) : undefined;
}

/** `recv.f`, `recv.f.Done()`, or an accessor of the receiver without arguments (`r.Quit()`, `s.Done()`). */
function isReceiverField(ch: Node, receiver: string): boolean {
  let e = ch;
  if (e.type === 'call_expression' && e.childForFieldName('arguments')?.namedChildCount === 0) {
    const callee = e.childForFieldName('function');
    const owner = callee?.type === 'selector_expression' ? callee.childForFieldName('operand') : undefined;
    if (owner?.type === 'identifier' && owner.text === receiver) return true;
  }
  if (e.type === 'call_expression') {
    const callee = e.childForFieldName('function');
    if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Done') return false;
    e = unparen(callee.childForFieldName('operand')!);
  }
  if (e.type !== 'selector_expression') return false;
  const owner = e.childForFieldName('operand');
  return owner?.type === 'identifier' && owner.text === receiver;
}
