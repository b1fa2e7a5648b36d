import type { Node } from 'web-tree-sitter';
import { unparen } from './syntax.js';

/**
 * Calls after which the function never returns normally, so nothing needs to be released on that
 * path: the process ends, the goroutine ends, or the stack unwinds (deferred calls still run).
 * Matched by name, without types: a method called Fatal* or Panic* on any receiver is a logger
 * that exits or panics (log, klog, logrus, zap, testing.T), while FailNow and Skip, which are common
 * method names elsewhere, count only on the receivers tests use (by their usual names, or declared
 * as a *testing.T, *testing.B, *testing.F or testing.TB). Guessing "does not return" wrongly
 * only hides a finding, never invents one.
 */

const ANY_RECEIVER = /^(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)$/;
const TEST_ONLY = /^(FailNow|Skip|Skipf|SkipNow)$/;
const TEST_RECEIVER = /^(t|b|f|tb|tt|s\.T\(\)|suite\.T\(\))$/;
// go-ethereum's log.Crit (and its forks') logs and then calls os.Exit(1).
const QUALIFIED = new Set(['os.Exit', 'syscall.Exit', 'runtime.Goexit', 'log.Crit']);

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
  if (TEST_ONLY.test(method)) return TEST_RECEIVER.test(receiver.text.replace(/\s+/g, '')) || isTestingValue(receiver);
  return QUALIFIED.has(`${receiver.text}.${method}`);
}

/** Whether the statement is a call that never returns (`panic(err)`, `log.Fatalf(...)`, ...). */
export function isNoReturnStatement(stmt: Node): boolean {
  if (stmt.type !== 'expression_statement') return false;
  const expr = stmt.namedChild(0);
  return expr !== null && isNoReturnCall(unparen(expr));
}

const TESTING_TYPES = new Set(['T', 'B', 'F', 'TB']);

/**
 * Whether the receiver is declared as a `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB`,
 * whatever it is called: a parameter or receiver of an enclosing function, a `var x T` or an
 * `x := new(testing.T)` before the call in an enclosing block, or the expression `new(testing.T)` /
 * `&testing.T{}` itself. Read from the declarations around the call (the graph has no file).
 */
function isTestingValue(receiver: Node): boolean {
  const r = unparen(receiver);
  if (r.type !== 'identifier') return isTestingType(valueType(r));
  for (let n = r.parent; n; n = n.parent) {
    if (n.type === 'function_declaration' || n.type === 'method_declaration' || n.type === 'func_literal') {
      const params = [...(n.childForFieldName('receiver')?.namedChildren ?? []), ...(n.childForFieldName('parameters')?.namedChildren ?? [])];
      for (const p of params) {
        if (p.childrenForFieldName('name').some((name) => name.text === r.text)) return isTestingType(p.childForFieldName('type'));
      }
      continue;
    }
    if (n.type !== 'block' && n.type !== 'statement_list') continue;
    // The last declaration before the call is the one in force.
    let found: Node | null | undefined;
    for (const stmt of n.namedChildren) {
      if (stmt.startIndex >= r.startIndex) break;
      const declared = declaredType(stmt, r.text);
      if (declared !== undefined) found = declared;
    }
    if (found !== undefined) return isTestingType(found);
  }
  return false;
}

/** The type `stmt` gives `name` if it declares it (`var name T`, `name := new(T)`): null when it declares
 * it some other way, undefined when it does not declare it. */
function declaredType(stmt: Node, name: string): Node | null | undefined {
  if (stmt.type === 'var_declaration') {
    for (const spec of stmt.descendantsOfType('var_spec')) {
      if (!spec.childrenForFieldName('name').some((n) => n.text === name)) continue;
      const value = spec.childForFieldName('value')?.namedChild(0);
      return spec.childForFieldName('type') ?? (value ? valueType(unparen(value)) : null);
    }
  }
  if (stmt.type === 'short_var_declaration') {
    const left = stmt.childForFieldName('left')?.namedChildren ?? [];
    const i = left.findIndex((n) => n.text === name);
    if (i < 0) return undefined;
    const value = stmt.childForFieldName('right')?.namedChildren[i];
    return value ? valueType(unparen(value)) : null;
  }
  return undefined;
}

/** The type of `new(T)` or `&T{}`, else null. */
function valueType(expr: Node): Node | null {
  if (expr.type === 'call_expression' && expr.childForFieldName('function')?.text === 'new') {
    return expr.childForFieldName('arguments')?.namedChild(0) ?? null;
  }
  if (expr.type === 'unary_expression' && expr.child(0)?.type === '&') {
    const operand = expr.childForFieldName('operand');
    return operand?.type === 'composite_literal' ? operand.childForFieldName('type') : null;
  }
  return null;
}

/** `testing.T`, `*testing.T`, ... under the name the file imports "testing" as. */
function isTestingType(type: Node | null | undefined): boolean {
  let t = type;
  while (t && (t.type === 'pointer_type' || t.type === 'parenthesized_type')) t = t.namedChild(0);
  if (t?.type !== 'qualified_type') return false;
  const name = t.childForFieldName('name')?.text ?? '';
  return TESTING_TYPES.has(name) && t.childForFieldName('package')?.text === testingImportName(t);
}

function testingImportName(node: Node): string | undefined {
  for (const decl of node.tree.rootNode.namedChildren) {
    if (decl.type === 'package_clause' || decl.type === 'comment') continue;
    if (decl.type !== 'import_declaration') break;
    for (const spec of decl.descendantsOfType('import_spec')) {
      if (spec.childForFieldName('path')?.text !== '"testing"') continue;
      const alias = spec.childForFieldName('name');
      return alias ? alias.text : 'testing';
    }
  }
  return undefined;
}
