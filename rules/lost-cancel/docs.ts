import type { RuleDocs } from '../../src/types.js';

/** The lost-cancel rule's page: `npm run docs` writes docs/rules/lost-cancel.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags a call to `context.WithCancel`, `WithTimeout`, `WithDeadline` or their `…Cause` variants whose cancel ' +
    'function is thrown away (`_` or an unused result), never called, not called on some path to a `return`, ' +
    'or overwritten by another assignment before it was called (for example in a loop, including a `:=` in a ' +
    'loop body that the next iteration reaches before cancel runs). Also flags a `defer cancel()` inside an ' +
    'endless `for { select ... }` loop, which runs only when the goroutine stops, and a cancel function stored ' +
    'in an unexported struct field or package variable that nothing in the package ever calls or reads. A ' +
    'cancel converted to a function type (`stop := (func())(cancel)`) is followed under its new name. The `context` package ' +
    'is recognised under any import name, as a dot import, and as `golang.org/x/net/context`.',
  why:
    'Until cancel runs, the derived context stays attached to its parent: WithTimeout and WithDeadline keep a ' +
    'runtime timer, and every derived context sits in its parent\'s set of children (or, for a parent the ' +
    'context package does not know, keeps a goroutine waiting on it). Everything is released only when the ' +
    'parent is cancelled or the deadline passes. Derived from a long-lived background context once per ' +
    'request, that is memory growing with traffic, and work the caller meant to stop keeps running.',
  bad:
    'func (c *Client) Fetch(ctx context.Context, id string) (*Block, error) {\n' +
    '\tctx, cancel := context.WithTimeout(ctx, c.timeout)\n' +
    '\tb, err := c.rpc.GetBlock(ctx, id)\n' +
    '\tif err != nil {\n' +
    '\t\treturn nil, err // cancel is never called on this path\n' +
    '\t}\n' +
    '\tcancel()\n' +
    '\treturn b, nil\n' +
    '}',
  good:
    'func (c *Client) Fetch(ctx context.Context, id string) (*Block, error) {\n' +
    '\tctx, cancel := context.WithTimeout(ctx, c.timeout)\n' +
    '\tdefer cancel()\n' +
    '\treturn c.rpc.GetBlock(ctx, id)\n' +
    '}',
  limits:
    'Ownership transfer is trusted, not verified: a cancel function that is returned, stored in a struct ' +
    'field that the package reads somewhere (or an exported one), map, slice or package variable, sent on a channel, passed to any function (`t.Cleanup`, ' +
    '`context.AfterFunc`, `go watch(cancel)`), assigned to another variable, or captured by a function ' +
    'literal that is stored, passed or started with `go` is assumed to be called by its new owner. Any such ' +
    'use of the variable silences the rule for every assignment to it. `main` in package `main` is exempt ' +
    '(the process exit releases everything), as are functions with syntax errors. A cancel variable declared ' +
    'outside the function (a captured variable) is not checked; a package variable only for whether the package ' +
    'ever reads it. A `WithCancel` of `context.Background()` or `TODO()` holds nothing when replaced before use ' +
    'or kept in an unread field. A `WithTimeout` or `WithDeadline` context handed to goroutines that outlive the ' +
    'path (used in a `go` statement, or passed to a function of the package that starts one with it) is ' +
    'released by its deadline, by design: cancelling at the end of the path would cut their work off, so ' +
    'only a cancel deferred per loop iteration is reported there. A path that receives from ' +
    'the parent\'s or the child\'s `Done()` channel needs no cancel (the child is already detached), unless ' +
    'the cancel variable was replaced on the way (a wait on the new context does not release the one replaced), and ' +
    '`if cancel != nil` counts as handling it. A deferred cancel is reported per iteration only in endless loops ' +
    'that select (a bounded loop\'s defers pile up only until it ends), and not in a case on a `time.NewTimer` ' +
    'made before the loop that the loop never re-arms, or re-arms only under `if t.Stop()` (it fires once). Calls that never return ' +
    'are recognised by name (`panic`, `os.Exit`, `Fatal*`/`Panic*` methods) and `FailNow`/`Skip*` on a ' +
    'receiver named like a test\'s or declared as `*testing.T`/`B`/`F` or `testing.TB`.',
};
