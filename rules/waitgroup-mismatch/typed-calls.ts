import type { Node } from 'web-tree-sitter';
import { defineFact, type FactSpec } from '../../src/analysis/fact-store.js';
import { nodesWithin } from '../../src/analysis/node-index.js';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { methodCallOn } from '../../src/analysis/type-of.js';
import { identityOf, type Identity } from './value-identity.js';

/**
 * Method calls on values of one imported type (`wg.Done()` on a sync.WaitGroup, `mu.Lock()` on a
 * sync.Mutex), with the variable or field each is called on, so that calls on the same value can be
 * matched up across a function or a package.
 */

/** Where code is read: a file of the package (a goroutine's function may be in another file). */
export interface Where {
  pkg: GoPackage;
  file: SourceFile;
}

/** The type and the methods asked about. */
export interface MethodSpec {
  path: string;
  name: string;
  methods: ReadonlySet<string>;
}

/** sync.WaitGroup and the methods whose calls through a value (or a copy) the rule follows. */
export const WAIT_GROUP: MethodSpec = { path: 'sync', name: 'WaitGroup', methods: new Set(['Add', 'Done', 'Wait', 'Go']) };

export interface TypedCall {
  call: Node;
  method: string;
  receiver: Node;
  id: Identity;
}

/**
 * Answers per file and spec, by node id: rules ask about the same call from every enclosing question (each
 * Add about its function, each goroutine about its launcher), which made a function of n launches cost n²
 * type resolutions. Node ids are stable for the life of the tree, which the file holds.
 */
const CALLS = defineFact<SourceFile, WeakMap<MethodSpec, Map<number, TypedCall | null>>>('typed-calls', () => new WeakMap());
const INSIDE = defineFact<SourceFile, WeakMap<MethodSpec, Map<number, CallsInside>>>('typed-calls-inside', () => new WeakMap());

interface CallsInside {
  all: TypedCall[];
  byKey: Map<Identity['key'], TypedCall[]>;
}

function perFile<V>(fact: FactSpec<SourceFile, WeakMap<MethodSpec, Map<number, V>>>, where: Where, spec: MethodSpec): Map<number, V> {
  const bySpec = where.file.store.get(fact, where.file);
  let byNode = bySpec.get(spec);
  if (!byNode) bySpec.set(spec, (byNode = new Map()));
  return byNode;
}

/** The call as a call of one of the spec's methods on an evident value of its type. */
export function typedCall(where: Where, call: Node, spec: MethodSpec): TypedCall | undefined {
  const known = perFile(CALLS, where, spec);
  const cached = known.get(call.id);
  if (cached !== undefined) return cached ?? undefined;
  const callee = call.childForFieldName('function');
  // Cheap name test first: this runs on every call.
  if (callee?.type !== 'selector_expression' || !spec.methods.has(callee.childForFieldName('field')?.text ?? '')) {
    known.set(call.id, null);
    return undefined;
  }
  const on = methodCallOn(where.pkg, where.file, call, spec.path, spec.name);
  const id = on ? identityOf(where.pkg, where.file, on.receiver) : undefined;
  const found = on && id ? { call, method: on.method, receiver: on.receiver, id } : undefined;
  known.set(call.id, found ?? null);
  return found;
}

/** The spec's method calls inside `node` (on `id` only, when given), in source order. The returned array
 * is shared between callers: do not change it. */
export function typedCallsIn(where: Where, node: Node, spec: MethodSpec, id?: Identity): readonly TypedCall[] {
  const known = perFile(INSIDE, where, spec);
  let inside = known.get(node.id);
  if (!inside) {
    inside = { all: [], byKey: new Map() };
    // From the tree's index: goroutines nested in goroutines each ask for the calls inside them.
    for (const call of nodesWithin(node, 'call_expression')) {
      const c = typedCall(where, call, spec);
      if (!c) continue;
      inside.all.push(c);
      const same = inside.byKey.get(c.id.key);
      if (same) same.push(c);
      else inside.byKey.set(c.id.key, [c]);
    }
    known.set(node.id, inside);
  }
  return id ? (inside.byKey.get(id.key) ?? []) : inside.all;
}

/** Whether `node` is a call of `method` on the value `id`. */
export function isCallOn(where: Where, node: Node | null, spec: MethodSpec, method: string, id: Identity): boolean {
  const c = node?.type === 'call_expression' ? typedCall(where, node, spec) : undefined;
  return c?.method === method && c.id.key === id.key;
}

/** `m` when `expr` is the receiver of a call `expr.m(...)`. */
export function calledMethod(expr: Node): string | undefined {
  const sel = expr.parent;
  if (sel?.type !== 'selector_expression' || sel.childForFieldName('operand')?.id !== expr.id) return undefined;
  const call = sel.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.id === sel.id ? sel.childForFieldName('field')?.text : undefined;
}
