import type { Node } from 'web-tree-sitter';
import type { FlowGraph } from '../../src/analysis/flow-graph.js';
import { placeOf, vertexOfNode } from '../../src/analysis/lifetime-walk.js';
import { roleOf } from '../../src/analysis/ownership.js';
import { declaringFunction, references, resolve } from '../../src/analysis/scopes.js';
import type { SourceFile } from '../../src/analysis/source.js';
import { ancestors, isImmediatelyCalled } from '../../src/analysis/syntax.js';
import { RELEASE_OF, type LockCall } from './lock-calls.js';

/**
 * Where the paths from a Lock stop, as marks for the lifetime walk (leaksFrom): 'stop' where the
 * mutex is released (its Unlock, here or deferred; a goroutine or a returned or passed closure that
 * unlocks it, which takes the hold over; a call of a local closure that unlocks it), 'write' where it
 * is released with the wrong method (an RLock's Unlock, a Lock's RUnlock). Another acquisition of
 * the same mutex also stops the path: that site answers for its own paths.
 */

export interface ReleasePoints {
  marks: Map<number, 'stop' | 'write'>;
  /** The wrong release at each 'write' vertex. */
  wrong: Map<number, LockCall>;
  /** A release deferred before the Lock covers every exit after it. */
  deferredBefore: boolean;
}

export function releasePoints(file: SourceFile, graph: FlowGraph, lock: LockCall, same: readonly LockCall[]): ReleasePoints {
  const fn = graph.fn;
  const points: ReleasePoints = { marks: new Map(), wrong: new Map(), deferredBefore: false };
  const release = RELEASE_OF[lock.method as keyof typeof RELEASE_OF];
  const stop = (v: number | undefined) => {
    if (v !== undefined) points.marks.set(v, 'stop');
  };
  for (const c of same) {
    const isRelease = c.method === release;
    const isWrong = !isRelease && (c.method === 'Unlock' || c.method === 'RUnlock');
    const place = placeOf(c.call, fn);
    if (place === 'escapes') {
      if (isRelease || isWrong) for (const v of closureReleases(file, graph, c.call)) stop(v);
      continue;
    }
    if (isRelease && place === 'deferred' && c.call.startIndex < lock.call.startIndex) points.deferredBefore = true;
    const v = vertexOfNode(graph, c.call);
    if (v === undefined) continue;
    if (isWrong) {
      if (!points.marks.has(v)) {
        points.marks.set(v, 'write');
        points.wrong.set(v, c);
      }
    } else {
      stop(v);
    }
  }
  return points;
}

/**
 * The vertices where a release inside a function literal that does not run in place takes effect: the
 * calls (or the `defer`, the hand-over) of the local variable the literal is bound to (`unlock :=
 * func() { mu.Unlock() }`), else the statement that starts, returns, passes or stores the literal.
 */
function closureReleases(file: SourceFile, graph: FlowGraph, call: Node): number[] {
  const holder = escapingHolder(call, graph.fn);
  if (!holder) return [];
  const bound = holder.type === 'func_literal' ? boundVariable(file, holder, graph.fn) : undefined;
  if (!bound) {
    const v = vertexOfNode(graph, holder);
    return v === undefined ? [] : [v];
  }
  const vertices: number[] = [];
  for (const use of references(file, bound)) {
    const role = roleOf(use, graph.fn);
    if (role !== 'call' && role !== 'deferred-call' && role !== 'transfer') continue;
    const v = vertexOfNode(graph, use);
    if (v !== undefined) vertices.push(v);
  }
  return vertices;
}

/** The outermost `go` statement or literal not called in place between `fn` and `node`. */
function escapingHolder(node: Node, fn: Node): Node | undefined {
  const chain = ancestors(node);
  let i = chain.findIndex((n) => n.id === fn.id);
  if (i < 0) return undefined;
  for (i++; i < chain.length; i++) {
    const n = chain[i]!;
    if (n.type === 'go_statement' || (n.type === 'func_literal' && !isImmediatelyCalled(n))) return n;
  }
  return undefined;
}

/** The local variable of `fn` a literal is assigned to on its own (`unlock := func() {...}`). */
function boundVariable(file: SourceFile, literal: Node, fn: Node) {
  const list = literal.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || list.namedChildCount !== 1) return undefined;
  let target: Node | undefined;
  if (owner?.type === 'short_var_declaration' || owner?.type === 'assignment_statement') target = owner.childForFieldName('left')?.namedChildren[0];
  else if (owner?.type === 'var_spec') target = owner.childrenForFieldName('name')[0];
  if (target?.type !== 'identifier') return undefined;
  const binding = resolve(file, target);
  return binding?.kind === 'var' && declaringFunction(binding)?.id === fn.id ? binding : undefined;
}
