import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import type { LifetimeRow, Touch } from '../../src/analysis/lifetime.js';
import type { SourceFile } from '../../src/analysis/source.js';
import { unparen } from '../../src/analysis/syntax.js';

/**
 * The row of the lifetime table for `time.NewTicker` / `time.NewTimer`: one result, released by
 * `t.Stop()`; `<-t.C` and `t.Reset(d)` only use it, passing `t` on hands it over.
 */

export type TimerApi = 'time.NewTicker' | 'time.NewTimer' | 'time.Tick';

/** `time.NewTicker`, `time.NewTimer` or `time.Tick` under any import name of "time", or dot-imported. */
export function timerCall(file: SourceFile, call: Node): TimerApi | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const c = unparen(callee);
  const name = c.type === 'selector_expression' ? c.childForFieldName('field')?.text : c.text;
  if (name !== 'NewTicker' && name !== 'NewTimer' && name !== 'Tick') return undefined;
  return packageMember(file, c, ['time']) === name ? `time.${name}` : undefined;
}

/** A Ticker is released only by Stop; a Timer also once it has fired, which a receive from its
 * channel (`<-t.C`) proves on that path. */
function touchOf(fired: boolean): (use: Node) => Touch {
  return (use) => {
    const t = touch(use);
    return fired && t.kind === 'look' && receivesFromC(use) ? { kind: 'release' } : t;
  };
}

function receivesFromC(use: Node): boolean {
  const selector = use.parent;
  if (selector?.type !== 'selector_expression' || selector.childForFieldName('field')?.text !== 'C') return false;
  const recv = selector.parent;
  return recv?.type === 'unary_expression' && recv.child(0)?.type === '<-';
}

function touch(use: Node): Touch {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type !== 'selector_expression' || parent.childForFieldName('operand')?.id !== node.id) return { kind: 'handle', node: use };
  const method = parent.childForFieldName('field')?.text;
  const called = parent.parent?.type === 'call_expression' && parent.parent.childForFieldName('function')?.id === parent.id;
  return method === 'Stop' && called ? { kind: 'release' } : { kind: 'look' };
}

export const TICKER_ROW: LifetimeRow = { result: 0, results: 1, touch: touchOf(false) };
export const TIMER_ROW: LifetimeRow = { result: 0, results: 1, touch: touchOf(true) };
