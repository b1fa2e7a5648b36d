import type { Node } from 'web-tree-sitter';
import type { Binding } from '../../src/analysis/scopes.js';

/**
 * Functions that leave a lock held on purpose, by the convention their name, doc comment or signature
 * follows: the lock is taken here and released by the caller (or taken by the caller and dropped
 * and taken again here). Each entry is pinned by a fixture in fixtures/lock-not-released/by_design.go.
 */

/** Names that say the function runs with the lock held or hands it to its caller. */
export const HELD_NAMES: readonly RegExp[] = [
  // `flushLocked`, `removePeerLocked`: the Go convention for "called with the lock held".
  /Locked$/,
  // `applyWithLockHeld`, `pruneHoldingLock`.
  /(Held|Holding)/,
  // `lock`, `rlock`, `lockShard`, `LockAll`, `mustLock`, `tryLockPeer`: the function is the acquisition.
  /^(must|try)?[rR]?[lL]ock([A-Z_0-9]|$)/,
  // `acquire`, `acquireSlot`.
  /^[aA]cquire([A-Z_0-9]|$)/,
];

/** Doc-comment phrases that say the lock is held on entry or on return. */
export const HELD_DOCS: readonly RegExp[] = [
  // "must be called with s.mu held", "caller must hold the lock", "assumes the lock is held".
  /\b(must|should) (be called with|hold)\b/i,
  /\b(lock|mutex|mu)\b (is |must be |should be )?(already )?(held|locked)\b/i,
  /\b(called|invoked|entered|runs?|returns?) with\b[^.]*\b(held|acquired|taken|locked)\b/i,
  // "returns with the lock held", "the caller must unlock", "it is the caller's job to release".
  /\bcaller('s)?\b[^.]*\b(unlock|release)/i,
  /\b(returns|leaves|exits) with\b/i,
];

/**
 * Whether `fn` holds a lock across its boundary by design. The convention speaks of the lock of the
 * receiver of a method (of a parameter of a function), or a package-level one: "Server lock held on
 * entry" says nothing of the client or account mutex the method locks and unlocks inside, so `root`
 * (the binding the mutex path starts from) must be one of those.
 */
export function heldByDesign(fn: Node, root: Binding | undefined): boolean {
  const owner = fn.type === 'method_declaration' ? 'receiver' : 'param';
  if (root && root.kind !== owner && root.scope.kind !== 'package') return false;
  const name = nameOf(fn);
  if (name && HELD_NAMES.some((re) => re.test(name))) return true;
  if (returnsFunc(fn)) return true;
  const doc = docOf(fn);
  return doc !== '' && HELD_DOCS.some((re) => re.test(doc));
}

function nameOf(fn: Node): string | undefined {
  if (fn.type !== 'func_literal') return fn.childForFieldName('name')?.text;
  // `lock := func() { ... }`, `s.unlockAll = func() { ... }`.
  const list = fn.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || (owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement')) return undefined;
  const left = owner.childForFieldName('left')?.namedChildren ?? [];
  const right = owner.childForFieldName('right')?.namedChildren ?? [];
  const target = left[right.findIndex((r) => r.id === fn.id)];
  return target?.type === 'selector_expression' ? target.childForFieldName('field')?.text : target?.text;
}

/** A function that returns a func (the unlock, or a release that calls it): the caller ends the hold. */
function returnsFunc(fn: Node): boolean {
  const result = fn.childForFieldName('result');
  if (!result) return false;
  if (result.type === 'function_type') return true;
  return result.type === 'parameter_list' && result.namedChildren.some((p) => p.childForFieldName('type')?.type === 'function_type');
}

/** A sentence that denies ("No lock held on entry", "must not be called with the lock held"). */
const NEGATION = /\b(no|not|never|without)\b|n't\b/i;

/** The comment lines right above a declaration, less the sentences that deny. */
function docOf(fn: Node): string {
  if (fn.type === 'func_literal') return '';
  const lines: string[] = [];
  let row = fn.startPosition.row;
  for (let c = fn.previousSibling; c?.type === 'comment' && c.endPosition.row >= row - 1 && lines.length < 40; c = c.previousSibling) {
    lines.push(c.text);
    row = c.startPosition.row;
  }
  return lines
    .reverse()
    .join(' ')
    .split(/(?<=[.;!?])\s+|\/\/\s*\n?/)
    .filter((sentence) => !NEGATION.test(sentence))
    .join(' ');
}
