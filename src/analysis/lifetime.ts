import type { Node } from 'web-tree-sitter';
import { resolve, declaringFunction, type Binding } from './scopes.js';
import type { SourceFile } from './source.js';
import { enclosingFunction, unparen } from './syntax.js';

/**
 * The lifetime analysis: "acquired here, released on every path?" for a table of acquire → release
 * pairs (a response's Body.Close, a Ticker's Stop, a context's cancel, later an Unlock, a C.free...).
 * Each rule of that family supplies one row (a LifetimeRow: which result of the acquiring call holds
 * the resource, which is the error, and what a use of the variable does to it) and asks:
 *
 *  1. acquisitionOf(file, call, row): where the resource goes at the call: dropped (`time.NewTicker(d)`
 *     as a statement, `time.NewTicker(d).C`), discarded (`_`), handed on (returned, passed, in a
 *     literal), stored (a field, a map or slice element, a package variable, a variable of an enclosing
 *     function), or bound to a local variable of the function: only then is there a path question;
 *  2. followLifetime(file, acquisition, row) (lifetime-walk.ts): the uses of that variable, each with
 *     its role (release, deferred release, ownership leaving, overwrite, nil check, look), and the
 *     places a path from the acquisition reaches while the function still owns the resource: a return
 *     or the closing brace, an assignment that overwrites the variable, or the acquisition itself again
 *     (a loop). Ownership leaves on a path where the value is returned, stored in a field, map, slice or
 *     package variable, sent on a channel, passed to a function (the helper is trusted to release it),
 *     assigned to another variable, or captured by a function literal that is started with `go`, stored
 *     or passed. A release counts where it is called, in a `defer`, or in a deferred closure (one registered
 *     before the acquisition covers the exits, not an overwrite or a loop), and where a node the row's
 *     alsoReleases names runs (`<-ctx.Done()` for a cancel function). Paths that
 *     need no release: the branch where the error result is non-nil (`if err != nil { return err }`
 *     right after the call, before err is assigned again), the branch where the variable is nil, and
 *     paths through calls that never return (the flow graph ends them, see no-return.ts).
 *
 * The walk is go vet's lostcancel over our flow graph: one iterative pass over (vertex, error still
 * fresh) states, linear in the size of the function.
 */

/** What one use of the variable holding the resource does to it, as the row reads it. */
export type Touch =
  /** The use releases it: `resp.Body.Close()`, `t.Stop()`. */
  | { kind: 'release' }
  /** The resource itself stands here (`resp`, `resp.Body`, `t`): where it goes decides ownership. */
  | { kind: 'handle'; node: Node }
  /** The use only looks at it: `resp.StatusCode`, `<-t.C`, `t.Reset(d)`. */
  | { kind: 'look' };

/** One row of the table. */
export interface LifetimeRow {
  /** The index of the acquiring call's result that holds the resource (`resp` of `resp, err := c.Do(r)`). */
  result: number;
  /** How many results the call has when assigned (2 for `resp, err`); other shapes are not this call. */
  results: number;
  /** The index of the error result, if the call has one: on its non-nil branch the resource is nil. */
  errorResult?: number;
  /** What a use (an identifier referring to the variable) does to the resource. */
  touch(use: Node): Touch;
  /** Whether the call the handle is passed to only reads it and leaves ownership here (`io.ReadAll(resp.Body)`).
   * Any other call is a helper trusted to release what it is given. */
  borrows?(call: Node, file: SourceFile): boolean;
  /** Nodes other than uses of the variable that release the resource where they run, each ending the
   * paths through its statement as a release does: a wait for a context's end (`<-ctx.Done()`), a call
   * of the value under another name. As flow.ts reads a statement, a node inside a function literal
   * counts only when the literal is called on the spot (`defer func() { ... }()`, `go func() { ... }()`). */
  alsoReleases?(file: SourceFile, acq: Extract<Acquisition, { kind: 'local' }>): readonly Node[];
}

/** Where the resource goes at the acquiring call. */
export type Acquisition =
  /** Nobody can ever release it: a statement of its own, or a selector on the call (`time.NewTicker(d).C`). */
  | { kind: 'dropped'; call: Node }
  /** Assigned to `_`. */
  | { kind: 'discarded'; call: Node; statement: Node }
  /** Returned, passed to a function, put in a literal, or assigned to a named result: someone else's. */
  | { kind: 'handed-on'; call: Node }
  /** Kept beyond the function: a field or element (`s.t = ...`, `m[k] = ...`), a package variable or a
   * variable of an enclosing function. `target` is the left-hand side. */
  | { kind: 'stored'; call: Node; statement: Node; target: Node }
  /** Bound to a local variable of the function: the path question applies. */
  | { kind: 'local'; call: Node; fn: Node; statement: Node; target: Node; binding: Binding; error: Binding | undefined };

/** Where the resource of `call` goes, or undefined when the call is not in a function or its result
 * is assigned in a shape the row does not describe (`a, b, c := c.Do(r)`). */
export function acquisitionOf(file: SourceFile, call: Node, row: LifetimeRow): Acquisition | undefined {
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  let node = call;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'expression_statement') return { kind: 'dropped', call };
  if (parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === node.id) return { kind: 'dropped', call };
  if (parent.type !== 'expression_list' || parent.namedChildCount !== 1) return { kind: 'handed-on', call };
  const owner = parent.parent;
  let left: Node[] = [];
  let statement = owner;
  if (owner?.type === 'short_var_declaration' || owner?.type === 'assignment_statement') {
    if (owner.childForFieldName('right')?.id !== parent.id) return undefined;
    left = owner.childForFieldName('left')?.namedChildren ?? [];
  } else if (owner?.type === 'var_spec') {
    left = owner.childrenForFieldName('name');
    statement = owner.parent?.type === 'var_spec_list' ? owner.parent.parent : owner.parent;
  } else {
    // A return, a send, a range over the call: the value is someone else's.
    return { kind: 'handed-on', call };
  }
  if (!statement || left.length !== row.results) return undefined;
  const target = unparen(left[row.result]!);
  if (target.type === 'identifier' && target.text === '_') return { kind: 'discarded', call, statement };
  if (target.type !== 'identifier') return { kind: 'stored', call, statement, target };
  const binding = resolve(file, target);
  if (!binding) return { kind: 'stored', call, statement, target };
  if (binding.kind === 'result') return { kind: 'handed-on', call };
  if (binding.kind !== 'var' || declaringFunction(binding)?.id !== fn.id) return { kind: 'stored', call, statement, target };
  const errTarget = row.errorResult === undefined ? undefined : left[row.errorResult];
  const error = errTarget && errTarget.type === 'identifier' && errTarget.text !== '_' ? resolve(file, errTarget) : undefined;
  return { kind: 'local', call, fn, statement, target, binding, error };
}
