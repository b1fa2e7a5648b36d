import type { RuleDocs } from '../../src/types.js';

/** The waitgroup-mismatch rule's page: `npm run docs` writes docs/rules/waitgroup-mismatch.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags uses of a `sync.WaitGroup` (under any import name; a local, a parameter, a struct field or a package variable) that let `Wait` hang or return early:\n\n' +
    '- `wg.Add` called inside the goroutine it counts (`go func() { wg.Add(1); defer wg.Done(); ... }()`, also when the Done is in a method the goroutine calls);\n' +
    '- `s.wg.Add` called by a goroutine that no WaitGroup counts, for a goroutine it starts (a reconnect or accept loop started with a bare `go`), while another function waits on `s.wg`: Wait can find the counter at zero between two Adds;\n' +
    '- a constant `wg.Add(n)` followed by a different number of goroutine launches that call `Done` (loops count only when their trip count is a literal), and `wg.Add(1)` before a loop that starts a counted goroutine on every trip;\n' +
    '- `s.wg.Add(1)` on a field, then a `return` (alone or at the top of an `if`) before the `go` statement it counts, with nothing naming the WaitGroup in between: the goroutine never starts, nothing calls Done, and the Wait in Stop or Close hangs;\n' +
    '- a goroutine counted once (`wg.Add(1)` right before its `go` statement) that calls `Done` twice on one path (a plain Done after a `defer wg.Done()`, or two plain ones);\n' +
    '- `wg.Add` on a WaitGroup that is waited on but that nothing in the package ever calls `Done` on;\n' +
    '- a goroutine that calls `Done` without `defer` and has a path that skips it: an early `return`, or a `continue` in the `range` loop whose items it counts;\n' +
    '- `wg.Done()` on a WaitGroup that nothing in the package ever `Add`s to;\n' +
    '- a WaitGroup copied by value: a parameter of type `sync.WaitGroup`, a value receiver or parameter of a struct holding one whose Add/Done/Wait it calls, a `range` value copy, `x := s.wg` or `x = s.wg`, a copy of such a struct (`snap := *s`) whose WaitGroup is then used, or a return that copies one (`return *s`, or a local returned after its WaitGroup was used).',
  why:
    'Wait returns when the counter reaches zero. An Add that runs inside the goroutine may run after Wait has already seen zero, so Wait returns while work is still running (shutdown closes the database under a live writer). An Add that counts more goroutines than are started, or a Done skipped by an early return, leaves the counter above zero: Wait blocks forever and the process hangs on shutdown or leaks the goroutine that waits. Counting fewer, or a Done with no Add, drives the counter negative, which panics with `sync: negative WaitGroup counter`. A copied WaitGroup has its own counter: Done on the copy never releases a Wait on the original.',
  bad:
    'func (p *Pool) Broadcast(peers []*Peer, msg []byte) {\n' +
    '\tvar wg sync.WaitGroup\n' +
    '\tfor _, peer := range peers {\n' +
    '\t\tgo func(peer *Peer) {\n' +
    '\t\t\twg.Add(1) // may run after Wait below has returned\n' +
    '\t\t\tif err := peer.Send(msg); err != nil {\n' +
    '\t\t\t\treturn // Done is skipped: Wait hangs\n' +
    '\t\t\t}\n' +
    '\t\t\twg.Done()\n' +
    '\t\t}(peer)\n' +
    '\t}\n' +
    '\twg.Wait()\n' +
    '}',
  good:
    'func (p *Pool) Broadcast(peers []*Peer, msg []byte) {\n' +
    '\tvar wg sync.WaitGroup\n' +
    '\tfor _, peer := range peers {\n' +
    '\t\twg.Add(1)\n' +
    '\t\tgo func(peer *Peer) {\n' +
    '\t\t\tdefer wg.Done()\n' +
    '\t\t\tif err := peer.Send(msg); err != nil {\n' +
    '\t\t\t\tp.log.Printf("send to %s: %v", peer.ID, err)\n' +
    '\t\t\t}\n' +
    '\t\t}(peer)\n' +
    '\t}\n' +
    '\twg.Wait()\n' +
    '}',
  limits:
    'Types come from declarations only (no type checker): a WaitGroup reached through another package\'s function or a method result is not seen. An Add inside a goroutine is flagged only when the same goroutine (or a function of this package it calls) also calls Done and it starts no goroutine itself (adding for nested goroutines while the outer one is counted is correct; one no WaitGroup counts is reported as uncounted when the WaitGroup is a field some other function waits on, and not when it calls Done on any WaitGroup, which lets that group\'s waiter order things, or waits itself), unless the Add is followed at once by `defer wg.Done()`; an unconditional send, close or other Done after the Add (a start signal, a statement of the goroutine\'s own body) keeps it silent, a send in a branch or loop does not. Add counts are compared only for a constant Add followed, in the same block, by `go` statements and literal-count loops; any other statement that mentions the WaitGroup or starts a goroutine conditionally keeps the rule silent, as does an Add in another function literal of the function (a helper that adds and starts); several Adds in the function are each checked. A goroutine that starts goroutines of its own, calls Done in a loop (once per result), or calls a deferred Done and another one is not counted, so the rule stays silent rather than guess. Two Done calls on one path are not reported when the launcher adds again after the launch (the first Done is a start signal). An Add inside the goroutine and a skipped Done are looked for in the function a `go` statement starts when the source shows it (a literal, a local function variable, or a function or method of this package declared in the same file as the `go` statement), only on WaitGroups the function did not create itself. A Done skipped on the way out of the goroutine is reported only when the goroutine is evidently counted once (an Add right before its `go` statement, or `wg.Add(n)` before a `for i := 0; i < n; i++` loop that starts it): an Add before the loop may count only the goroutines that will call Done. A per-item Done is checked only in `range` loops whose body calls it unconditionally. A launch counts toward a constant Add only if its Done is unconditional (deferred, or a top-level statement of the goroutine). "No Add in the package" is reported only for an unexported variable or value field that is created in the package and never passed, assigned or has its address taken; `wg.Go(f)` counts as an Add. Silent on `wg.Go(f)`, on `defer wg.Done()` and `defer func() { ... wg.Done() }()`, and on `*sync.WaitGroup` parameters. Promoted methods of an embedded WaitGroup (`s.Add(1)`) are only checked for copies, and copies are looked for only in files that spell `WaitGroup`.',
};
