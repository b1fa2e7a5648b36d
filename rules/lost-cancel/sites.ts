import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { unparen } from '../../src/analysis/syntax.js';
import type { RuleContext } from '../../src/rule-api.js';

/** The WithX calls lost-cancel checks, and what receives their cancel function. */

export const CONTEXT_PACKAGES = ['context', 'golang.org/x/net/context'];
export const WITH_CANCEL = new Set(['WithCancel', 'WithCancelCause']);
export const WITH_TIMER = new Set(['WithTimeout', 'WithDeadline', 'WithTimeoutCause', 'WithDeadlineCause']);

/** Where the cancel function of one WithX call goes. */
export interface Site {
  call: Node;
  /** `context.WithTimeout`, as the message names it. */
  api: string;
  /** The statement holding the call: a `:=`, an `=` or a `var`. */
  statement: Node;
  /** The left-hand side that receives the cancel function. */
  target: Node;
  /** The parent context argument and the left-hand side that receives the child context. */
  contexts: Node[];
  /** The left-hand side that receives the child context. */
  child: Node;
}

/** `context.WithTimeout` if the call is one of the cancel-returning constructors of package context. */
export function withFunction(ctx: RuleContext, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  // Cheap text test first: this runs on every call in every file.
  const name = callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee.text;
  if (!name || (!WITH_CANCEL.has(name) && !WITH_TIMER.has(name))) return undefined;
  return packageMember(ctx.file, callee, CONTEXT_PACKAGES) === name ? `context.${name}` : undefined;
}

/** The receiving side of `ctx, cancel := / = / var ... = context.WithX(...)`; undefined for any
 * other use of the call (returned, passed on), which hands the pair to someone else. */
export function siteOf(call: Node, api: string): Site | undefined {
  const list = call.parent;
  if (list?.type !== 'expression_list' || list.namedChildCount !== 1) return undefined;
  const owner = list.parent;
  if (!owner) return undefined;
  let left: Node[] = [];
  let statement = owner;
  if (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') {
    if (owner.childForFieldName('right')?.id !== list.id) return undefined;
    left = owner.childForFieldName('left')?.namedChildren ?? [];
  } else if (owner.type === 'var_spec') {
    left = owner.childrenForFieldName('name');
    let decl = owner.parent;
    if (decl?.type === 'var_spec_list') decl = decl.parent;
    if (!decl) return undefined;
    statement = decl;
  }
  const target = left[1];
  if (left.length !== 2 || !target) return undefined;
  const parentArg = call.childForFieldName('arguments')?.namedChild(0);
  const contexts = [left[0]!, ...(parentArg ? [unparen(parentArg)] : [])].filter((n) => n.type === 'identifier');
  return { call, api, statement, target, contexts, child: left[0]! };
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
