import type { Node } from 'web-tree-sitter';
import { valueAssignedTo } from '../../src/analysis/assigned-values.js';
import { packageMember } from '../../src/analysis/imports.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { ancestors, contains, unparen } from '../../src/analysis/syntax.js';
import type { SourceFile } from '../../src/rule-api.js';

/**
 * Whether the statement runs in a select case that fires at most once per run of the loop: a receive
 * from the channel of a `time.NewTimer` made before the loop, which the loop never re-arms, or re-arms
 * only under `if t.Stop()` (the timer had not fired yet, so it still fires once). A fallback started
 * after a delay (`case <-fallback.C: ctx, cancel := ...; defer cancel()`) defers one call, not one per
 * iteration.
 */
export function inOneShotTimerCase(file: SourceFile, stmt: Node, loop: Node): boolean {
  const chain = ancestors(stmt);
  let clause: Node | undefined;
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== loop.id && !clause; i--) if (chain[i]!.type === 'communication_case') clause = chain[i];
  if (!clause) return false;
  const comm = clause.childForFieldName('communication');
  const received = comm?.type === 'expression_statement' ? comm.namedChild(0) : comm?.type === 'receive_statement' ? comm.childForFieldName('right') : null;
  const unary = received ? unparen(received) : null;
  const channel = unary?.type === 'unary_expression' && unary.child(0)?.type === '<-' ? unary.childForFieldName('operand') : null;
  if (channel?.type !== 'selector_expression' || channel.childForFieldName('field')?.text !== 'C') return false;
  const timer = channel.childForFieldName('operand');
  const binding = timer?.type === 'identifier' ? resolve(file, timer) : undefined;
  if (!binding || contains(loop, binding.node) || !madeByNewTimer(file, binding.node)) return false;
  return references(file, binding).every((use) => !contains(loop, use) || !isReset(use) || resetAfterStop(use));
}

/** `t := time.NewTimer(d)` (or `var t = ...`): the declaration's value is the call. */
function madeByNewTimer(file: SourceFile, name: Node): boolean {
  const value = valueAssignedTo(name);
  const callee = value?.type === 'call_expression' ? value.childForFieldName('function') : null;
  return callee !== null && packageMember(file, callee, ['time']) === 'NewTimer';
}

/** `t.Reset(...)` on this use. */
function isReset(use: Node): boolean {
  const selector = use.parent;
  return selector?.type === 'selector_expression' && selector.childForFieldName('field')?.text === 'Reset' && selector.parent?.type === 'call_expression';
}

/** The Reset sits in the consequence of an `if` whose condition calls Stop on the same timer. */
function resetAfterStop(use: Node): boolean {
  for (const n of ancestors(use).reverse()) {
    if (n.type !== 'if_statement') continue;
    const condition = n.childForFieldName('condition');
    const consequence = n.childForFieldName('consequence');
    if (condition && consequence && contains(consequence, use) && condition.text.replace(/\s+/g, '').split('&&').includes(`${use.text}.Stop()`)) return true;
  }
  return false;
}
