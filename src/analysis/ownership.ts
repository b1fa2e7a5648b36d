import type { Node } from 'web-tree-sitter';
import { ancestors, isImmediatelyCalled } from './syntax.js';

/**
 * What one use of a variable does with the value it holds, for rules that track a resource (a cancel
 * function, a timer) from the statement that creates it: is it called here, handed to someone else
 * (ownership transfer), overwritten, or only looked at? Without types, "handed to someone else" is
 * read from the syntax: passed as an argument, returned, stored in a composite literal, sent on a
 * channel, assigned to anything else, its address taken, or captured by a function literal that is
 * not simply called where it stands.
 */

/**
 * 'call': `v()` (also `defer v()`, `go v()`, or inside a literal called on the spot);
 * 'deferred-call': `v()` inside `defer func() { ... }()`, which reads the variable when the function exits;
 * 'nil-check': `v != nil` / `v == nil`; 'blank': `_ = v`; 'write': `v = ...` or a `:=` that reuses v;
 * 'transfer': someone else may use it from here on; 'neutral': anything else.
 */
export type Role = 'call' | 'deferred-call' | 'nil-check' | 'blank' | 'write' | 'transfer' | 'neutral';

/** The role of one use (an identifier) of a variable inside function `fn`. */
export function roleOf(use: Node, fn: Node): Role {
  const closure = closureAround(use, fn);
  if (closure === 'escapes') return 'transfer';
  const role = roleInPlace(use);
  return role === 'call' && closure === 'deferred' ? 'deferred-call' : role;
}

function roleInPlace(use: Node): Role {
  let node = use;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return 'neutral';
  switch (parent.type) {
    case 'call_expression':
      return parent.childForFieldName('function')?.id === node.id ? 'call' : 'neutral';
    case 'argument_list':
    case 'literal_element':
      return 'transfer';
    case 'send_statement':
      return parent.childForFieldName('value')?.id === node.id ? 'transfer' : 'neutral';
    case 'unary_expression':
      return parent.text.startsWith('&') ? 'transfer' : 'neutral';
    case 'expression_list':
      return listRole(parent);
    case 'binary_expression':
      return /^(==|!=)$/.test(parent.child(1)?.text ?? '') && parent.namedChildren.some((c) => c.type === 'nil') ? 'nil-check' : 'neutral';
    default:
      return 'neutral';
  }
}

function listRole(list: Node): Role {
  const owner = list.parent;
  if (!owner) return 'neutral';
  if (owner.type === 'return_statement' || owner.type === 'var_spec') return 'transfer';
  if (owner.type !== 'assignment_statement' && owner.type !== 'short_var_declaration') return 'neutral';
  const left = owner.childForFieldName('left');
  if (left?.id === list.id) return 'write';
  const onlyBlank = left?.namedChildren.every((n) => n.text === '_') ?? false;
  return onlyBlank ? 'blank' : 'transfer';
}

/**
 * Whether a use sits in a function literal between it and `fn`. One that is not simply called where
 * it stands (stored, passed, returned or started with `go`) 'escapes': the closure's new owner decides
 * when to cancel. One called by `defer func() { ... }()` is 'deferred'.
 */
function closureAround(use: Node, fn: Node): 'none' | 'inline' | 'deferred' | 'escapes' {
  const chain = ancestors(use);
  let found: 'none' | 'inline' | 'deferred' = 'none';
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== fn.id; i--) {
    if (chain[i]!.type !== 'func_literal') continue;
    if (!isImmediatelyCalled(chain[i]!)) return 'escapes';
    let j = i - 1;
    while (chain[j]?.type === 'parenthesized_expression') j--;
    // chain[j] is the call of the literal, chain[j - 1] the statement around it.
    const statement = chain[j - 1]?.type;
    if (statement === 'go_statement') return 'escapes';
    found = statement === 'defer_statement' ? 'deferred' : found === 'none' ? 'inline' : found;
  }
  return found;
}
