import type { Node } from 'web-tree-sitter';
import { exitWithout, reachedWithout, type IsX } from '../../src/analysis/flow.js';
import { ancestors, contains, isFunction } from '../../src/analysis/syntax.js';

/**
 * How a path through a function gets past a call without making it: the question behind "a Done
 * that some path skips". For a call at the function's own level (not in a loop), that is a path to a
 * return or the closing brace that never makes it; for a call at the top level of a `range` loop's
 * body (once per item), a path from the loop head back to the head, or to a return inside the loop,
 * that never makes it. Calls under conditions inside loops are not judged.
 */
export interface Skip {
  /** What the path leaves by. */
  how: 'return' | 'end' | 'continue';
  /** The return statement, the closing brace, or the first `continue` before the call (if any). */
  at: Node | undefined;
  /** Whether the call is made once per loop item. */
  perItem: boolean;
}

/** A path that skips `call` (`isX` recognises it and its twins), or undefined when none does or the
 * function cannot be analysed. */
export function skippingPath(fn: Node, call: Node, isX: IsX): Skip | undefined {
  const chain = ancestors(call);
  const loop = chain[chain.findLastIndex((a) => a.type === 'for_statement' || isFunction(a))];
  if (!loop || loop.id === fn.id) {
    const exit = exitWithout(fn, isX);
    if (!exit) return undefined;
    return { how: exit.type === 'return_statement' ? 'return' : 'end', at: exit, perItem: false };
  }
  const head = loop.namedChildren.find((c) => c.type === 'range_clause')?.childForFieldName('right');
  const bodyList = loop.childForFieldName('body')?.namedChildren.find((c) => c.type === 'statement_list');
  if (loop.type !== 'for_statement' || !head || chain[chain.length - 2]?.id !== bodyList?.id) return undefined;
  const found = reachedWithout(fn, head, isX, (s) => s.id === head.id || (s.type === 'return_statement' && contains(loop, s)));
  if (!found) return undefined;
  if (found.type === 'return_statement') return { how: 'return', at: found, perItem: true };
  const jump = loop.descendantsOfType('continue_statement').find((c) => c.startIndex < call.startIndex);
  return { how: 'continue', at: jump, perItem: true };
}
