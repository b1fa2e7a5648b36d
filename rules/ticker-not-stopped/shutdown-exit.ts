import type { Node } from 'web-tree-sitter';
import { isFunction, unparen } from '../../src/analysis/syntax.js';

/**
 * A return that a service loop takes when its owner shuts down: inside a select case that receives
 * from the Done channel of a context kept in a field of the method's receiver (`case <-s.ctx.Done():`)
 * or from a channel field of the receiver with the value left unused (`case <-s.quit:`; a
 * `v, ok := <-s.events` is a stream of work, which can end long before the service). A ticker such a loop leaves unstopped is
 * lost once per service stop, not once per call, and the rule leaves it alone; a return on any other
 * path (the work is done, a parameter context ends) still counts.
 */
export function isShutdownExit(exit: Node, fn: Node): boolean {
  const receiver = receiverName(fn);
  if (!receiver) return false;
  for (let n = exit.parent; n && n.id !== fn.id; n = n.parent) {
    if (isFunction(n)) return false;
    if (n.type !== 'communication_case') continue;
    const comm = n.childForFieldName('communication');
    const recv = comm ? receivedFrom(comm) : undefined;
    return recv !== undefined && isReceiverField(recv, receiver);
  }
  return false;
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

/** `recv.f` or `recv.f.Done()`. */
function isReceiverField(ch: Node, receiver: string): boolean {
  let e = ch;
  if (e.type === 'call_expression') {
    const callee = e.childForFieldName('function');
    if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Done') return false;
    e = unparen(callee.childForFieldName('operand')!);
  }
  if (e.type !== 'selector_expression') return false;
  const owner = e.childForFieldName('operand');
  return owner?.type === 'identifier' && owner.text === receiver;
}
