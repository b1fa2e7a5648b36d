import type { RuleDocs } from '../../src/types.js';

/** The subscription-not-released rule's page: `npm run docs` writes docs/rules/subscription-not-released.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags an event subscription that is not released on some path from the subscribe call to a `return` or the end of ' +
    'the function: go-ethereum\'s `feed.Subscribe(ch)` and `bc.SubscribeChainHeadEvent(ch)` (released by `Unsubscribe()`), ' +
    'RPC client subscriptions such as `SubscribeNewHead(ctx, ch)` (`Unsubscribe()`), the libp2p event bus\'s ' +
    '`bus.Subscribe(evt)` (`Close()`), libp2p pubsub topics (`Cancel()`), and cometbft\'s `bus.Subscribe(ctx, subscriber, ' +
    'query)`, which is released on the bus (`bus.Unsubscribe(ctx, subscriber, query)` or `UnsubscribeAll`), not on its ' +
    'result. Subscriptions are recognised by their API shape, not by import path: a call of a method named `Subscribe…` ' +
    'whose result has `Unsubscribe`, `Close`, `Cancel`, `Err`, `Out`, `Canceled` or `Next` called on it in the function, ' +
    'or whose type is known (a method of a `Feed`, or a function of the package declared to return a `…Subscription`). It ' +
    'reports an early return placed before the `defer sub.Unsubscribe()`, a select loop with a return path that forgets ' +
    'it, a subscription never released, one handed only to a goroutine that never releases it, one replaced by the next ' +
    'subscribe (a loop, a reassignment), a subscription dropped (`feed.Subscribe(ch)` as a statement) or discarded with ' +
    '`_` when its type is known, and one stored in an unexported field that nothing in the package releases. The related ' +
    'location is the return that leaks.',
  why:
    'A subscription delivers into its channel until it is released. go-ethereum\'s `event.Feed.Send` delivers to every ' +
    'subscribed channel and blocks until each has taken the value, and libp2p\'s event bus `Emit` blocks the same way once ' +
    'a subscriber\'s buffer is full: one forgotten subscription whose channel nobody reads any more wedges the producer ' +
    '(block import, peer events, the host\'s identify loop) and every other subscriber of that feed. Client subscriptions ' +
    'keep the server-side subscription, the forwarding goroutine and its buffer; cometbft keeps the subscriber\'s query ' +
    'counted against its per-client limit until `Unsubscribe`.',
  bad:
    'func (s *Service) awaitHead(chain *Chain, want uint64) error {\n' +
    '\theads := make(chan HeadEvent, 16)\n' +
    '\tsub := chain.SubscribeChainHeadEvent(heads)\n' +
    '\tfor {\n' +
    '\t\tselect {\n' +
    '\t\tcase ev := <-heads:\n' +
    '\t\t\tif ev.Number >= want {\n' +
    '\t\t\t\treturn nil // leaves sub subscribed\n' +
    '\t\t\t}\n' +
    '\t\tcase err := <-sub.Err():\n' +
    '\t\t\treturn err\n' +
    '\t\t}\n' +
    '\t}\n' +
    '}',
  good:
    'func (s *Service) awaitHead(chain *Chain, want uint64) error {\n' +
    '\theads := make(chan HeadEvent, 16)\n' +
    '\tsub := chain.SubscribeChainHeadEvent(heads)\n' +
    '\tdefer sub.Unsubscribe()\n' +
    '\tfor {\n' +
    '\t\tselect {\n' +
    '\t\tcase ev := <-heads:\n' +
    '\t\t\tif ev.Number >= want {\n' +
    '\t\t\t\treturn nil\n' +
    '\t\t\t}\n' +
    '\t\tcase err := <-sub.Err():\n' +
    '\t\t\treturn err\n' +
    '\t\t}\n' +
    '\t}\n' +
    '}',
  limits:
    'A path past a receive from `sub.Err()` (or cometbft\'s `sub.Canceled()`) needs no release: the subscription has ' +
    'ended there. Ownership transfer is trusted, as for the other lifetime rules: returned, passed to a function (a ' +
    'helper, `scope.Track(sub)` of an `event.SubscriptionScope`, `append`), sent, stored in a field the package ' +
    'releases or hands on, or captured by a goroutine that releases it or hands it on; a goroutine that releases it on ' +
    'some of its paths only is not checked. A subscription whose uses show none of the methods above and whose type ' +
    'cannot be read from this package is left alone (a dropped `x.Subscribe(ch)` of another package\'s type is not ' +
    'reported; `Next(ctx)` alone is no evidence, since producers released by that context have it too). A cometbft-style ' +
    'subscription on a bus field that another function of the package unsubscribes from (`UnsubscribeAll` in OnStop, ' +
    'an Unsubscribe handler) is trusted to be released there: the bus keys it by subscriber, which is not followed. A ' +
    'goroutine that never returns while it holds the subscription (`for ev := range sub.Out()`, `for { ... }` with no ' +
    'way out) and a dropped subscription whose channel such a goroutine drains are left alone: the channel is always ' +
    'read, so nothing blocks. `log.Crit` (go-ethereum\'s) ends the process. Exported fields, package variables and ' +
    'slice or map elements are left alone. A service loop that ' +
    'returns on shutdown without releasing is reported: the feed outlives the service, and its next Send blocks on ' +
    'the channel the stopped loop no longer reads.',
};
