import type { Node } from 'web-tree-sitter';
import { flowGraph, type FlowGraph } from '../../src/analysis/flow-graph.js';
import { leaksFrom, placeOf, type Leak, type Paths } from '../../src/analysis/lifetime-walk.js';
import { nodeIndex } from '../../src/analysis/node-index.js';
import { resolve } from '../../src/analysis/scopes.js';
import { enclosingFunction } from '../../src/analysis/syntax.js';
import type { RelatedLocation, Rule, RuleContext } from '../../src/rule-api.js';
import { correlatedGuards } from './correlated-guards.js';
import { docs } from './docs.js';
import { handsOffOnSuccess } from './hand-off.js';
import { heldByDesign } from './held-by-design.js';
import { helperReleases } from './helper-release.js';
import { lockCall, lockCallsByFunction, RELEASE_OF, sameMutex, type LockCall } from './lock-calls.js';
import { mayBeMutex } from './mutex-type.js';
import { releasePoints, type ReleasePoints } from './release-points.js';

export const lockNotReleased: Rule = {
  meta: {
    id: 'lock-not-released',
    name: 'LockNotReleased',
    summary: 'A mutex locked in a function that unlocks it on some paths stays locked on another (an early return, break or continue), or a read lock is released with Unlock: the next Lock blocks forever',
    defaultLevel: 'warning',
    tags: ['reliability', 'concurrency', 'deadlock', 'go'],
    precision: 'high',
    messages: {
      notReleasedOnPath:
        '{mutex}.{lock}() is not released on the path to {where}, so {mutex} stays locked and every later Lock of it blocks forever (the goroutines behind it hang); call {mutex}.{release}() before leaving, or defer {mutex}.{release}() right after the {lock}',
      heldNextIteration:
        '{mutex}.{lock}() is still held when the loop goes round again{through}, so it is never released: the next Lock of it blocks forever (Go mutexes are not reentrant); call {mutex}.{release}() before the next iteration',
      mismatched:
        '{mutex}.{lock}() is released with {wrong}() at line {line}: releasing a lock with the other method is a fatal error ("sync: {wrong} of unlocked RWMutex") that kills the process, or frees a lock another goroutine holds; pair {lock} with {release}',
    },
    docs,
  },
  textFilter: /\.R?Lock\(\s*\)/,
  create(ctx) {
    const calls: LockCall[] = [];
    return {
      call_expression: (call) => {
        const c = lockCall(call);
        if (c) calls.push(c);
      },
      'file:exit': () => {
        if (!calls.some((c) => c.method === 'Lock' || c.method === 'RLock')) return;
        const byFn = lockCallsByFunction(calls);
        for (const c of calls) if (c.method === 'Lock' || c.method === 'RLock') check(ctx, c, byFn);
      },
    };
  },
};

function check(ctx: RuleContext, lock: LockCall, byFn: Map<number, LockCall[]>): void {
  // `if mu.TryLock()`, `defer mu.Lock()`, `go mu.Lock()`: only a Lock statement starts a hold here.
  const statement = lock.call.parent;
  if (statement?.type !== 'expression_statement') return;
  const fn = enclosingFunction(lock.call);
  if (!fn) return;
  const same = (byFn.get(fn.id) ?? []).filter((c) => c !== lock && sameMutex(ctx.file, c, lock));
  // A function that never releases the mutex hands the hold to its caller (or a later call) by design.
  if (!same.some((c) => c.method === 'Unlock' || c.method === 'RUnlock')) return;
  if (heldByDesign(fn, resolve(ctx.file, lock.root)) || enteredHeld(fn, lock, same)) return;
  if (!mayBeMutex(ctx.pkg, ctx.file, lock.mutex)) return;
  const graph = flowGraph(fn);
  const start = graph?.vertexOf.get(statement.id);
  if (!graph || start === undefined) return;
  const points = releasePoints(ctx.file, graph, lock, same);
  if (points.deferredBefore) return;
  let paths = leaksFrom(ctx.file, graph, start, points.marks);
  if (paths.leaks.length > 0) {
    // What a path that leaks may have missed, asked only then.
    const releases = same.filter((c) => c.method === 'Unlock' || c.method === 'RUnlock');
    const more = [...correlatedGuards(ctx.file, graph, lock, releases), ...helperReleases(ctx.pkg, ctx.file, graph, lock)];
    for (const v of more) if (points.marks.get(v) !== 'stop') points.marks.set(v, 'stop');
    paths = leaksFrom(ctx.file, graph, start, points.marks);
  }
  report(ctx, lock, same, graph, paths, points);
}

function report(ctx: RuleContext, lock: LockCall, same: readonly LockCall[], graph: FlowGraph, paths: Paths, points: ReleasePoints): void {
  const fn = graph.fn;
  const release = RELEASE_OF[lock.method as keyof typeof RELEASE_OF];
  const base = { mutex: lock.key, lock: lock.method, release };
  const wrong = paths.leaks.find((l) => l.kind === 'overwrite');
  if (wrong) {
    const call = points.wrong.get(wrong.vertex!)!;
    const related = [{ node: call.call, message: `${lock.key}.${lock.method}() is released here with ${call.method}()` }];
    return ctx.report({ node: lock.call, messageId: 'mismatched', data: { ...base, wrong: call.method, line: line(call.call) }, related });
  }
  const leak = paths.leaks[0];
  if (!leak) return;
  const ownReleases = same.filter((c) => c.method === release && placeOf(c.call, fn) === 'here');
  if (handsOffOnSuccess(fn, paths.leaks, ownReleases)) return;
  const jump = lastJump(graph, paths, leak);
  const related: RelatedLocation[] = [];
  if (leak.kind === 'loop') {
    const through = jump ? ` (through the ${jumpName(jump)} at line ${line(jump)})` : '';
    related.push({ node: jump ?? loopAround(lock.call, fn) ?? lock.call, message: `the loop goes round here with ${lock.key} still locked` });
    return ctx.report({ node: lock.call, messageId: 'heldNextIteration', data: { ...base, through }, related });
  }
  const exit = leak.node.type === 'return_statement' ? 'return' : 'end of the function';
  const via = jump ? ` through the ${jumpName(jump)} at line ${line(jump)}` : '';
  related.push({ node: leak.node, message: `the ${exit} here is reached${via} with ${lock.key} still locked` });
  if (jump) related.push({ node: jump, message: `this ${jumpName(jump)} skips ${lock.key}.${release}()` });
  ctx.report({ node: lock.call, messageId: 'notReleasedOnPath', data: { ...base, where: `the ${exit} at line ${line(leak.node)}${via}` }, related });
}

/**
 * Whether the function is entered with the mutex held: its first release or acquisition of it that
 * runs in place is a release (`mu.Unlock(); slowIO(); mu.Lock()` in a function its caller locks for).
 */
function enteredHeld(fn: Node, lock: LockCall, same: readonly LockCall[]): boolean {
  let first = lock;
  for (const c of same) if (c.call.startIndex < first.call.startIndex && placeOf(c.call, fn) === 'here') first = c;
  return first.method === 'Unlock' || first.method === 'RUnlock';
}

/** The last break, continue or goto on the path to the leak. */
function lastJump(graph: FlowGraph, paths: Paths, leak: Leak): Node | undefined {
  const path = paths.pathTo(leak);
  for (let i = path.length - 1; i >= 0; i--) {
    const node = graph.vertices[path[i]!]!.nodes[0];
    if (node && (node.type === 'break_statement' || node.type === 'continue_statement' || node.type === 'goto_statement')) return node;
  }
  return undefined;
}

function jumpName(jump: Node): string {
  return jump.type.replace('_statement', '');
}

function loopAround(node: Node, fn: Node): Node | undefined {
  const loop = nodeIndex(node.tree).enclosingLoop(node);
  return loop && loop.startIndex > fn.startIndex ? loop : undefined;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
