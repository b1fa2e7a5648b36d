import type { Node } from 'web-tree-sitter';
import type { FlowGraph } from '../../src/analysis/flow-graph.js';
import { placeOf } from '../../src/analysis/lifetime-walk.js';
import { nodesWithin } from '../../src/analysis/node-index.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import type { SourceFile } from '../../src/analysis/source.js';
import { ancestors, unparen } from '../../src/analysis/syntax.js';
import type { LockCall } from './lock-calls.js';

/**
 * Conditional locking: `if doLock { mu.Lock() } ... if doLock { mu.Unlock() }`, `lockHeld = true` and
 * later `if lockHeld { mu.Unlock() }`, `if runtime.GOOS == "linux"` around both. The flow graph does not
 * know that the second test gives the answer the first did, so it sees a path that takes the Lock and
 * skips the Unlock. An `if` around a release whose condition is one that guards the Lock too, or a
 * boolean flag (a parameter, or a variable the function sets to true or false), or the complement of
 * an earlier test (`if e.quit == nil { mu.Unlock(); return }` then `if e.quit != nil { ...; mu.Unlock() }`),
 * is taken to release on both of its branches: the path stops at its condition.
 */
export function correlatedGuards(file: SourceFile, graph: FlowGraph, lock: LockCall, releases: readonly LockCall[]): number[] {
  const fn = graph.fn;
  const lockGuards = new Set(guardsOf(lock.call, fn).map((c) => normal(c)));
  let tested: Map<string, number> | undefined;
  const complementTested = (cond: Node) => {
    tested ??= testedConditions(fn);
    const before = tested.get(complement(cond));
    return before !== undefined && before < cond.startIndex;
  };
  const vertices: number[] = [];
  for (const r of releases) {
    if (placeOf(r.call, fn) !== 'here') continue;
    for (const cond of guardsOf(r.call, fn)) {
      if (!lockGuards.has(normal(cond)) && !isFlag(file, fn, cond) && !complementTested(cond)) continue;
      const v = graph.vertexOf.get(cond.id);
      if (v !== undefined) vertices.push(v);
    }
  }
  return vertices;
}

/** The conditions of the `if` statements of `fn` around `node`, outermost first. */
function guardsOf(node: Node, fn: Node): Node[] {
  const chain = ancestors(node);
  const start = chain.findIndex((n) => n.id === fn.id);
  const conds: Node[] = [];
  for (let i = start + 1; start >= 0 && i < chain.length; i++) {
    const n = chain[i]!;
    if (n.type === 'func_literal') break;
    if (n.type !== 'if_statement') continue;
    const cond = n.childForFieldName('condition');
    // Only the branches: a release in the condition itself is not guarded by it.
    if (cond && !(cond.startIndex <= node.startIndex && node.endIndex <= cond.endIndex)) conds.push(cond);
  }
  return conds;
}

/** The if conditions of `fn` as text, each with where it first stands. */
function testedConditions(fn: Node): Map<string, number> {
  const found = new Map<string, number>();
  for (const stmt of nodesWithin(fn, 'if_statement')) {
    const cond = stmt.childForFieldName('condition');
    const text = cond ? unparen(cond).text.replace(/\s+/g, '') : '';
    if (cond && !found.has(text)) found.set(text, cond.startIndex);
  }
  return found;
}

/** `x != nil` for `x == nil` and back, `c` for `!c` and back, as condition text. */
function complement(cond: Node): string {
  const c = unparen(cond);
  if (c.type === 'unary_expression' && c.childForFieldName('operator')?.text === '!') return unparen(c.childForFieldName('operand') ?? c).text.replace(/\s+/g, '');
  if (c.type === 'binary_expression') {
    const op = c.childForFieldName('operator')?.text;
    const flipped = op === '==' ? '!=' : op === '!=' ? '==' : undefined;
    const left = c.childForFieldName('left');
    const right = c.childForFieldName('right');
    if (flipped && left && right) return `${left.text}${flipped}${right.text}`.replace(/\s+/g, '');
  }
  return `!${c.text.replace(/\s+/g, '')}`;
}

function normal(cond: Node): string {
  const c = unparen(cond);
  const text = c.type === 'unary_expression' && c.childForFieldName('operator')?.text === '!' ? (c.childForFieldName('operand')?.text ?? c.text) : c.text;
  return text.replace(/[\s()]+/g, '');
}

/** `doLock`, `!hasLock`: a parameter, or a local variable the function assigns `true` or `false`. */
function isFlag(file: SourceFile, fn: Node, cond: Node): boolean {
  let c = unparen(cond);
  if (c.type === 'unary_expression' && c.childForFieldName('operator')?.text === '!') c = unparen(c.childForFieldName('operand') ?? c);
  if (c.type !== 'identifier') return false;
  const binding = resolve(file, c);
  if (!binding) return false;
  if (binding.kind === 'param') return true;
  if (binding.kind !== 'var') return false;
  const assigned = [binding.node, ...references(file, binding)].some((ref) => {
    const value = assignedValue(ref);
    return value === 'true' || value === 'false';
  });
  return assigned && fn.startIndex <= binding.node.startIndex && binding.node.endIndex <= fn.endIndex;
}

/** The text of the value assigned to `ident` where it is the whole left side of `=`, `:=` or `var`. */
function assignedValue(ident: Node): string | undefined {
  const list = ident.parent;
  const owner = list?.parent;
  if (owner?.type === 'var_spec' || list?.type === 'var_spec') {
    const spec = list?.type === 'var_spec' ? list : owner!;
    return spec.childForFieldName('value')?.namedChildren[0]?.text;
  }
  if (list?.type !== 'expression_list' || list.namedChildCount !== 1) return undefined;
  if (owner?.type !== 'assignment_statement' && owner?.type !== 'short_var_declaration') return undefined;
  if (owner.childForFieldName('left')?.id !== list.id) return undefined;
  const right = owner.childForFieldName('right')?.namedChildren ?? [];
  return right.length === 1 ? right[0]!.text : undefined;
}
