import type { RuleDocs } from '../../src/types.js';

/** The goroutine-send-leak rule's page: `npm run docs` writes docs/rules/goroutine-send-leak.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags a `go` statement whose goroutine sends on an unbuffered channel (`make(chan T)` or `make(chan T, 0)`) ' +
    'made by the function that starts it, when that function has a path from the `go` statement to a `return` ' +
    '(or its closing brace) that never receives from the channel: the timeout case of a `select` ' +
    '(`case <-time.After(d)`, `case <-ctx.Done()`), or an early error return before the receive. The goroutine is a ' +
    'function literal (`go func() { ch <- v }()`, `go func(out chan<- T) {...}(ch)`) or a function of the package ' +
    '(`go fetch(ch)`; a method by its name when only one method of the package has it). A send in a `defer` of the ' +
    'goroutine counts; a send in a callback it hands to someone else does not. Several senders on one channel (two ' +
    'goroutines, one started per loop iteration, or a package helper that only starts senders) need every send ' +
    'received: a single receive, or a `return` from the collecting loop before it is done, leaves the rest blocked. ' +
    'One finding per channel, at its first sender.',
  why:
    'Nobody will ever receive, so the send blocks forever: the goroutine never ends, and everything it references ' +
    '(the connection, the request, the decoded block, its whole stack) stays alive. One per timed-out call, that is a ' +
    'goroutine count and heap that grow with every slow peer until the node runs out of memory; a goroutine dump ' +
    'shows thousands parked in `chan send`.',
  bad:
    'func (p *Peer) Handshake(ctx context.Context) (*Hello, error) {\n' +
    '\treplies := make(chan *Hello)\n' +
    '\tgo func() {\n' +
    '\t\treplies <- p.readHello()\n' +
    '\t}()\n' +
    '\tselect {\n' +
    '\tcase h := <-replies:\n' +
    '\t\treturn h, nil\n' +
    '\tcase <-ctx.Done():\n' +
    '\t\treturn nil, ctx.Err() // the reader stays blocked on replies forever\n' +
    '\t}\n' +
    '}',
  good:
    'func (p *Peer) Handshake(ctx context.Context) (*Hello, error) {\n' +
    '\treplies := make(chan *Hello, 1) // room for the one reply, read or not\n' +
    '\tgo func() {\n' +
    '\t\treplies <- p.readHello()\n' +
    '\t}()\n' +
    '\tselect {\n' +
    '\tcase h := <-replies:\n' +
    '\t\treturn h, nil\n' +
    '\tcase <-ctx.Done():\n' +
    '\t\treturn nil, ctx.Err()\n' +
    '\t}\n' +
    '}',
  limits:
    'Silent when the channel is buffered (any capacity other than a literal 0: the rule does not count sends against ' +
    'it), when the send is a case of a `select` that can take another case or a default, when every path receives ' +
    '(`<-ch`, a select case, `for range ch`, also in a deferred or on-the-spot closure), and when the channel is handed ' +
    'on: returned, stored, passed to a function other than `len`, `cap` or `close`, captured by another goroutine ' +
    'that may receive, or by a closure that is stored or passed. A receive from another channel on which the ' +
    'goroutine sends only as its last act (`errc <- err; return`), and nobody else sends, counts as a receive: ' +
    'the path has seen the goroutine finish. A loop whose body receives is assumed to run when ' +
    'reached. Paths are not checked for feasibility (an exit guarded by the same condition as the send is still ' +
    'a path). The goroutine\'s own code is not followed into the functions it calls; a channel assigned anything but ' +
    'an unbuffered `make` or `nil` is left alone. The fix offered is `make(chan T, 1)` only when no path of the ' +
    'goroutine sends twice; otherwise a select on a done channel.',
};
