import type { Node } from 'web-tree-sitter';
import { unparen } from './syntax.js';

/**
 * Calls after which the function never returns normally, so nothing needs to be released on that
 * path: the process ends, the goroutine ends, or the stack unwinds (deferred calls still run).
 * Matched by name, without types: a method called Fatal* or Panic* on any receiver is a logger
 * that exits or panics (log, klog, logrus, zap, testing.T), while FailNow and Skip, which are common
 * method names elsewhere, count only on the receivers tests use. Guessing "does not return" wrongly
 * only hides a finding, never invents one.
 */

const ANY_RECEIVER = /^(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)$/;
const TEST_ONLY = /^(FailNow|Skip|Skipf|SkipNow)$/;
const TEST_RECEIVER = /^(t|b|f|tb|tt|s\.T\(\)|suite\.T\(\))$/;
const QUALIFIED = new Set(['os.Exit', 'syscall.Exit', 'runtime.Goexit']);

/** Whether the call expression ends the goroutine or the process instead of returning. */
export function isNoReturnCall(call: Node): boolean {
  if (call.type !== 'call_expression') return false;
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  const callee = unparen(fn);
  if (callee.type === 'identifier') return callee.text === 'panic';
  if (callee.type !== 'selector_expression') return false;
  const receiver = callee.childForFieldName('operand');
  const method = callee.childForFieldName('field')?.text ?? '';
  if (!receiver) return false;
  if (ANY_RECEIVER.test(method)) return true;
  if (TEST_ONLY.test(method)) return TEST_RECEIVER.test(receiver.text.replace(/\s+/g, ''));
  return QUALIFIED.has(`${receiver.text}.${method}`);
}

/** Whether the statement is a call that never returns (`panic(err)`, `log.Fatalf(...)`, ...). */
export function isNoReturnStatement(stmt: Node): boolean {
  if (stmt.type !== 'expression_statement') return false;
  const expr = stmt.namedChild(0);
  return expr !== null && isNoReturnCall(unparen(expr));
}
