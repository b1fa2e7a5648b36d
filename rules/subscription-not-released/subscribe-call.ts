import type { Node } from 'web-tree-sitter';
import { argumentsOf, calledDeclaration } from '../../src/analysis/calls.js';
import type { LifetimeRow, Touch } from '../../src/analysis/lifetime.js';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';
import { nodesSpelled } from '../../src/analysis/text-search.js';
import { typeOf } from '../../src/analysis/type-of.js';
import { unparen } from '../../src/analysis/syntax.js';

/**
 * Event subscriptions as their API shape shows them, whatever library they come from: a call of a
 * method (or function) named `Subscribe…` whose result is a handle with `Unsubscribe()` (go-ethereum's
 * `event.Subscription`, its RPC client's), `Close()` (libp2p's event bus, kubo's pubsub) or `Cancel()`
 * (libp2p pubsub topics), and the rows of the lifetime table for it: `sub := f.Subscribe(ch)` and
 * `sub, err := bus.Subscribe(evt)`.
 */

/** `Subscribe`, `SubscribeNewHead`, `SubscribeChainHeadEvent`, not `Subscriber…` or `Subscribed`. */
const SUBSCRIBE = /^Subscribe([A-Z0-9_]\w*)?$/;

/** Methods that end a subscription. */
export const RELEASES: ReadonlySet<string> = new Set(['Unsubscribe', 'Close', 'Cancel']);

/** Methods only a subscription handle has, beside its release: the error channel, the event channel
 * (`Out()`), cometbft's `Canceled()`. (`Next(ctx)` is not one: iterators and subscriptions released by
 * their context have it too, with nothing to call.) */
export const SUBSCRIPTION_METHODS: ReadonlySet<string> = new Set(['Err', 'Out', 'Canceled']);

/** Channels that deliver once the subscription has ended: a path past a receive from them owns nothing. */
const ENDED = new Set(['Err', 'Canceled']);

export interface SubscribeCall {
  /** How the call reads in a message: `feed.Subscribe`, `h.EventBus().Subscribe`. */
  api: string;
  /** The receiver expression, when the call is a method call. */
  receiver: Node | undefined;
}

export function subscribeCall(call: Node): SubscribeCall | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const c = unparen(callee);
  const name = c.type === 'selector_expression' ? c.childForFieldName('field')?.text : c.type === 'identifier' ? c.text : undefined;
  if (!name || !SUBSCRIBE.test(name)) return undefined;
  const receiver = c.type === 'selector_expression' ? (c.childForFieldName('operand') ?? undefined) : undefined;
  return { api: compact(c.text), receiver };
}

/**
 * Whether the call's result is known to be a subscription without looking at its uses: a method of a
 * `Feed` (go-ethereum's and prysm's `event.Feed`, `FeedOf[T]`) or of a pubsub `Topic` (libp2p's), or a
 * function of this package declared to return a `…Subscription`.
 */
export function knownSubscription(pkg: GoPackage, file: SourceFile, call: Node, sub: SubscribeCall): boolean {
  if (sub.receiver) {
    const type = typeOf(pkg, file, sub.receiver);
    const node = type?.node.type === 'generic_type' ? type.node.childForFieldName('type') : type?.node;
    const name = node?.type === 'qualified_type' ? node.childForFieldName('name')?.text : node?.text;
    if (name === 'Feed' || name === 'FeedOf' || name === 'Topic') return true;
  }
  const decl = calledDeclaration(pkg, file, call);
  const result = decl?.node.childForFieldName('result');
  if (!result) return false;
  const first = result.type === 'parameter_list' ? result.namedChildren[0]?.childForFieldName('type') : result;
  return first !== null && first !== undefined && /Subscription$/.test(first.text);
}

/** The method called on a use of the variable (`sub.Err()` → 'Err'), if any. */
export function methodCalledOn(use: Node): string | undefined {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const selector = node.parent;
  if (selector?.type !== 'selector_expression' || selector.childForFieldName('operand')?.id !== node.id) return undefined;
  const call = selector.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== selector.id) return undefined;
  return selector.childForFieldName('field')?.text;
}

/** `sub.Unsubscribe()` / `Close()` / `Cancel()` releases; a receive from `sub.Err()` or
 * `sub.Canceled()` shows it has ended; `sub` itself is the handle; any other use only looks. */
function touch(use: Node): Touch {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  if (node.parent?.type !== 'selector_expression') return { kind: 'handle', node: use };
  const method = methodCalledOn(use);
  if (method && RELEASES.has(method)) return { kind: 'release' };
  if (method && ENDED.has(method) && isReceived(node.parent.parent!)) return { kind: 'release' };
  return { kind: 'look' };
}

function isReceived(call: Node): boolean {
  let node = call;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  return parent?.type === 'unary_expression' && parent.child(0)?.type === '<-';
}

export const SUBSCRIPTION_ROW: LifetimeRow = { result: 0, results: 1, touch };
export const SUBSCRIPTION_ERROR_ROW: LifetimeRow = { result: 0, results: 2, errorResult: 1, touch };

/**
 * A cometbft-style subscription (`bus.Subscribe(ctx, subscriber, query)`) is released on the bus, not
 * on its result: the calls `bus.Unsubscribe(...)` / `bus.UnsubscribeAll(...)` in `fn` on the same
 * receiver, spelled the same way, release it.
 */
export function busReleases(fn: Node, sub: SubscribeCall, call: Node): Node[] {
  if (!sub.receiver || argumentsOf(call).length < 2 || !fn.text.includes('Unsubscribe')) return [];
  const receiver = compact(unparen(sub.receiver).text);
  return fn.descendantsOfType('call_expression').filter((c) => {
    const callee = c.childForFieldName('function');
    if (callee?.type !== 'selector_expression') return false;
    const name = callee.childForFieldName('field')?.text;
    const owner = callee.childForFieldName('operand');
    return (name === 'Unsubscribe' || name === 'UnsubscribeAll') && owner !== null && compact(unparen(owner).text) === receiver;
  });
}

/**
 * Whether another function of the package unsubscribes on the same bus field (`is.eventBus.UnsubscribeAll(ctx,
 * subscriber)` in OnStop, an Unsubscribe RPC handler): a cometbft bus keys subscriptions by subscriber,
 * which we cannot follow, so the owner's release is trusted.
 */
export function busReleasedElsewhere(pkg: GoPackage, here: SourceFile, fn: Node, sub: SubscribeCall, call: Node): boolean {
  const receiver = sub.receiver ? unparen(sub.receiver) : undefined;
  const field = receiver?.type === 'selector_expression' ? receiver.childForFieldName('field')?.text : undefined;
  if (!field || argumentsOf(call).length < 2) return false;
  for (const file of pkg.files) {
    for (const ident of nodesSpelled(file, field, ['field_identifier'])) {
      const selector = ident.parent;
      const method = selector?.parent;
      if (selector?.type !== 'selector_expression' || method?.type !== 'selector_expression' || method.childForFieldName('operand')?.id !== selector.id) continue;
      const name = method.childForFieldName('field')?.text;
      if ((name === 'Unsubscribe' || name === 'UnsubscribeAll') && method.parent?.type === 'call_expression' && !(fn.startIndex <= ident.startIndex && ident.endIndex <= fn.endIndex && file === here)) return true;
    }
  }
  return false;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}
