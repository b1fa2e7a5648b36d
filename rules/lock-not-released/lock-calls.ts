import type { Node } from 'web-tree-sitter';
import { resolve, type Binding } from '../../src/analysis/scopes.js';
import type { SourceFile } from '../../src/analysis/source.js';
import { enclosingFunction, unparen } from '../../src/analysis/syntax.js';

/**
 * The calls that lock or unlock a mutex, read from the syntax: `m.Lock()`, `m.RLock()`, `m.Unlock()`,
 * `m.RUnlock()` with no argument (sync's methods take none; a distributed lock's `Lock(ctx)` does),
 * on a mutex named by a path of identifiers and fields (`mu`, `s.mu`, `s.peers.mu`, or `s` itself for
 * an embedded mutex). A mutex reached through an index or a call (`locks[i]`, `s.lockFor(k)`) is not
 * tracked: the same text can name another mutex on the next line.
 */

export type LockMethod = 'Lock' | 'RLock' | 'Unlock' | 'RUnlock';

export interface LockCall {
  call: Node;
  method: LockMethod;
  /** The mutex expression (`s.mu`). */
  mutex: Node;
  /** The mutex as text, without spaces or parentheses: two calls on the same key lock the same mutex
   * when their roots are the same variable. */
  key: string;
  /** The identifier the path starts from (`s` of `s.mu`). */
  root: Node;
}

const METHODS: ReadonlySet<string> = new Set(['Lock', 'RLock', 'Unlock', 'RUnlock']);

/** The release that pairs with each acquisition. */
export const RELEASE_OF = { Lock: 'Unlock', RLock: 'RUnlock' } as const;

/** The lock call `call` is, if it is one. */
export function lockCall(call: Node): LockCall | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'selector_expression') return undefined;
  const method = callee.childForFieldName('field')?.text;
  if (!method || !METHODS.has(method)) return undefined;
  const args = call.childForFieldName('arguments');
  if (!args || args.namedChildren.some((a) => a.type !== 'comment')) return undefined;
  const operand = callee.childForFieldName('operand');
  if (!operand) return undefined;
  const mutex = unparen(operand);
  const path = pathOf(mutex);
  return path ? { call, method: method as LockMethod, mutex, key: path.key, root: path.root } : undefined;
}

/** `s.peers.mu` as a key and its root identifier; undefined for anything but identifiers and fields. */
export function pathOf(expr: Node): { key: string; root: Node } | undefined {
  const fields: string[] = [];
  let node = expr;
  for (let i = 0; node.type === 'selector_expression' && i < 16; i++) {
    const field = node.childForFieldName('field');
    const operand = node.childForFieldName('operand');
    if (!field || !operand) return undefined;
    fields.push(field.text);
    node = unparen(operand);
  }
  if (node.type !== 'identifier') return undefined;
  return { key: [node.text, ...fields.reverse()].join('.'), root: node };
}

/** Whether two calls name the same mutex: the same path from the same variable (a shadowing `s` is
 * another one; names declared in no scope of this file, like package variables of another file, go by
 * name). */
export function sameMutex(file: SourceFile, a: LockCall, b: LockCall): boolean {
  return a.key === b.key && rootOf(file, a) === rootOf(file, b);
}

function rootOf(file: SourceFile, c: LockCall): Binding | string {
  return resolve(file, c.root) ?? c.root.text;
}

/** How many function literals out a release still counts for the function around them (a deferred
 * closure, an unlock func, a goroutine that unlocks): deeper nesting is not where a lock is released. */
const MAX_LITERAL_DEPTH = 4;

/**
 * The lock calls of each function of the file, by the function's node id: a call belongs to its own
 * function and, inside function literals, to the functions around them too (up to MAX_LITERAL_DEPTH),
 * which decide what a release in a closure means for them.
 */
export function lockCallsByFunction(calls: readonly LockCall[]): Map<number, LockCall[]> {
  const byFn = new Map<number, LockCall[]>();
  for (const c of calls) {
    let fn = enclosingFunction(c.call);
    for (let depth = 0; fn && depth <= MAX_LITERAL_DEPTH; depth++) {
      const list = byFn.get(fn.id);
      if (list) list.push(c);
      else byFn.set(fn.id, [c]);
      if (fn.type !== 'func_literal') break;
      fn = enclosingFunction(fn);
    }
  }
  return byFn;
}
