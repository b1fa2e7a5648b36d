import type { Node } from 'web-tree-sitter';
import { enclosingFunction } from '../../src/analysis/syntax.js';
import type { Diagnostic, RuleContext } from '../../src/rule-api.js';
import { typedCallsIn, WAIT_GROUP, type TypedCall } from './typed-calls.js';

/**
 * An Add made by a goroutine the WaitGroup does not count, for a goroutine it starts: a reconnect or
 * accept loop started with `go func() { for { ...; s.wg.Add(1); go s.serve(conn) } }()` while Stop
 * calls `s.wg.Wait()`. Wait can find the counter at zero and return between two of the loop's Adds,
 * and the goroutine started right after still runs against a stopped owner. Nested Adds are safe when
 * the outer goroutine is counted itself (an Add before its `go` statement, a Done in its own body):
 * the counter cannot reach zero while it runs.
 *
 * A goroutine counted by another WaitGroup (a Done on any WaitGroup in its own body) is tracked by a
 * waiter that can order the Wait after it (etcd's resume goroutines, whose group's Wait closes a channel
 * the run loop waits for before its own Wait).
 *
 * `go` is the statement that starts the outer goroutine, `counted` the Adds before it in its block.
 */
export function uncountedAdd(ctx: RuleContext, go: Node, fn: Node, add: TypedCall, counted: () => TypedCall[]): Omit<Diagnostic, 'node'> | undefined {
  if (add.method !== 'Add' || !isShared(add)) return undefined;
  const own = (c: TypedCall) => enclosingFunction(c.call)?.id === fn.id;
  // Counted (by this WaitGroup or another), or waiting for its own children: no Wait runs on a zero counter meanwhile.
  if (typedCallsIn(ctx, fn, WAIT_GROUP).some((c) => own(c) && c.method === 'Done')) return undefined;
  if (typedCallsIn(ctx, fn, WAIT_GROUP, add.id).some((c) => own(c) && c.method === 'Wait')) return undefined;
  // An Add for this goroutine: one made after the previous go statement of its block (an earlier Add
  // counts the goroutine started before).
  const previous = previousGo(go);
  if (counted().some((c) => c.id.key === add.id.key && (!previous || c.call.startIndex > previous.endIndex))) return undefined;
  const child = fn.descendantsOfType('go_statement').find(
    (g) => g.startIndex > add.call.endIndex && enclosingFunction(g)?.id === fn.id && typedCallsIn(ctx, g, WAIT_GROUP, add.id).some((c) => c.method === 'Done'),
  );
  if (!child || !waitedElsewhere(ctx, add, fn)) return undefined;
  return {
    messageId: 'addInUncountedGoroutine',
    data: { wg: add.id.text },
    related: [{ node: child, message: 'the goroutine this Add counts is started here' }],
  };
}

/** The go statement before `go` in its block, if any. */
function previousGo(go: Node): Node | undefined {
  for (let n = go.previousNamedSibling; n; n = n.previousNamedSibling) if (n.type === 'go_statement') return n;
  return undefined;
}

/** A field (`s.wg`): a WaitGroup its owner's Stop or Close waits on. A local is the launcher's own business. */
function isShared(add: TypedCall): boolean {
  return add.id.field !== undefined;
}

/** Some function of the package other than the goroutine calls Wait on a field of that name. */
function waitedElsewhere(ctx: RuleContext, add: TypedCall, fn: Node): boolean {
  const name = add.id.field!.name;
  const spelled = new RegExp(`\\.${name}\\.Wait\\(\\)`);
  return ctx.pkg.files.some((file) => !file.isTest && (file === ctx.file ? outside(file.text, fn, spelled) : spelled.test(file.text)));
}

/** Whether the pattern also occurs in the file outside `fn`. */
function outside(text: string, fn: Node, pattern: RegExp): boolean {
  return pattern.test(text.slice(0, fn.startIndex)) || pattern.test(text.slice(fn.endIndex));
}
