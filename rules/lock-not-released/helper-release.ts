import type { Node } from 'web-tree-sitter';
import { calledDeclaration } from '../../src/analysis/calls.js';
import type { FlowGraph } from '../../src/analysis/flow-graph.js';
import { vertexOfNode } from '../../src/analysis/lifetime-walk.js';
import { nodesWithin } from '../../src/analysis/node-index.js';
import { resolve, type Binding } from '../../src/analysis/scopes.js';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';
import { unparen } from '../../src/analysis/syntax.js';
import { lockCall, pathOf, RELEASE_OF, type LockCall } from './lock-calls.js';

/**
 * Releases done by someone else, asked only once a path is found to leak: a call that is given the
 * mutex (`release(&s.mu)`, `cond.wait(mu)`: the helper is trusted to unlock it), and a call of a
 * function or method of this package whose body unlocks the same mutex (`s.unlockAll()` whose receiver
 * `t` runs `t.mu.Unlock()`, `unlockRegistry()` for a package-level `registryMu`), and the release as a
 * method value (`&Txn{release: s.mu.Unlock}`, `return s.mu.RUnlock`): whoever gets it ends the hold.
 */
export function helperReleases(pkg: GoPackage, file: SourceFile, graph: FlowGraph, lock: LockCall): number[] {
  const fn = graph.fn;
  const release = RELEASE_OF[lock.method as keyof typeof RELEASE_OF];
  const root = resolve(file, lock.root);
  const vertices: number[] = [];
  const add = (node: Node) => {
    const v = vertexOfNode(graph, node);
    if (v !== undefined) vertices.push(v);
  };
  if (/nlock\w*\b(?!\s*\()/.test(fn.text)) {
    for (const sel of nodesWithin(fn, 'selector_expression')) if (sel.startIndex > lock.call.startIndex && isMethodValue(sel, lock, release)) add(sel);
  }
  for (const call of nodesWithin(fn, 'call_expression')) {
    if (call.startIndex <= lock.call.startIndex) continue;
    if (givenTheMutex(call, lock) || (!lockCall(call) && callsReleaser(pkg, file, call, lock, release, root))) add(call);
  }
  return vertices;
}

/** `f(&s.mu)` or `f(s.mu)`: the helper gets the mutex itself (an embedded one is only handed over by
 * address: passing `s` hands over the value it is part of, which says nothing about its lock). */
function givenTheMutex(call: Node, lock: LockCall): boolean {
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    let a = unparen(arg);
    const address = a.type === 'unary_expression' && a.childForFieldName('operator')?.text === '&';
    if (address) a = unparen(a.childForFieldName('operand') ?? a);
    if (a.text.replace(/\s+/g, '') === lock.key && (address || lock.key.includes('.'))) return true;
  }
  return false;
}

/** `s.mu.Unlock`, or a method of the owner named for unlocking (`tx.closemuRUnlockRelease`), not
 * called where it stands: handed on as a func value. */
function isMethodValue(sel: Node, lock: LockCall, release: string): boolean {
  const field = sel.childForFieldName('field')?.text ?? '';
  if (field !== release && !UNLOCKING_NAME.test(field)) return false;
  const parent = sel.parent;
  if (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === sel.id) return false;
  const operand = sel.childForFieldName('operand');
  const owner = operand ? pathOf(unparen(operand)) : undefined;
  if (!owner) return false;
  return field === release ? owner.key === lock.key : lock.key === owner.key || lock.key.startsWith(owner.key + '.');
}

/** A helper whose name says it unlocks (`updateStateAndUnlock`, `unlockAll`), called on the mutex's owner. */
const UNLOCKING_NAME = /[uU]nlock/;

function callsReleaser(pkg: GoPackage, file: SourceFile, call: Node, lock: LockCall, release: string, root: Binding | undefined): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  let wanted: (decl: Node) => string | undefined;
  if (callee.type === 'selector_expression') {
    // A method on the mutex's owner or a part of it: `s.unlockAll()`, `s.cc.updateAndUnlock()` for `s.cc.mu`.
    const owner = pathOf(unparen(callee.childForFieldName('operand') ?? callee));
    if (!owner || !(lock.key === owner.key || lock.key.startsWith(owner.key + '.'))) return false;
    if ((resolve(file, owner.root) ?? undefined) !== (root ?? undefined)) return false;
    if (UNLOCKING_NAME.test(callee.childForFieldName('field')?.text ?? '')) return true;
    const rest = lock.key.slice(owner.key.length);
    wanted = (decl) => {
      const receiver = receiverName(decl);
      return receiver === undefined ? undefined : receiver + rest;
    };
  } else if (callee.type === 'identifier') {
    // A function of the package that unlocks the same package-level mutex.
    if (root !== undefined && root.scope.kind !== 'package') return false;
    wanted = () => lock.key;
  } else {
    return false;
  }
  const decl = calledDeclaration(pkg, file, call);
  const body = decl?.node.childForFieldName('body');
  if (!decl || !body || !body.text.includes(`.${release}()`)) return false;
  const key = wanted(decl.node);
  return key !== undefined && body.descendantsOfType('call_expression').some((c) => {
    const op = lockCall(c);
    return op?.method === release && op.key === key;
  });
}

function receiverName(method: Node): string | undefined {
  const param = method.childForFieldName('receiver')?.namedChildren.find((c) => c.type === 'parameter_declaration');
  return param?.childForFieldName('name')?.text;
}
