import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { unparen } from '../../src/analysis/syntax.js';
import type { RuleContext } from '../../src/rule-api.js';

/** The WithX calls lost-cancel checks. */

export const CONTEXT_PACKAGES = ['context', 'golang.org/x/net/context'];
export const WITH_CANCEL = new Set(['WithCancel', 'WithCancelCause']);
export const WITH_TIMER = new Set(['WithTimeout', 'WithDeadline', 'WithTimeoutCause', 'WithDeadlineCause']);

/** `context.WithTimeout` if the call is one of the cancel-returning constructors of package context. */
export function withFunction(ctx: RuleContext, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  // Cheap text test first: this runs on every call in every file.
  const name = callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee.text;
  if (!name || (!WITH_CANCEL.has(name) && !WITH_TIMER.has(name))) return undefined;
  return packageMember(ctx.file, callee, CONTEXT_PACKAGES) === name ? `context.${name}` : undefined;
}

/** `WithTimeout(ctx, -time.Second)` or `WithTimeout(ctx, 0)`: the context package cancels such a
 * child before returning it (tests use it to get an expired context), so nothing is held. */
export function alreadyExpired(call: Node, api: string): boolean {
  if (api !== 'context.WithTimeout' && api !== 'context.WithTimeoutCause') return false;
  const timeout = call.childForFieldName('arguments')?.namedChild(1);
  if (!timeout) return false;
  const value = unparen(timeout);
  return (value.type === 'unary_expression' && value.child(0)?.type === '-') || (value.type === 'int_literal' && /^0+$/.test(value.text));
}
