import type { Node } from 'web-tree-sitter';
import { acquisitionOf, type Acquisition } from '../../src/analysis/lifetime.js';
import { followLifetime, type Leak, type Lifetime } from '../../src/analysis/lifetime-walk.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';
import { drainsForever, releasedByGoroutine, startedGoroutinesOnly, startedLiteralOf, startedLiterals } from './goroutine-owner.js';
import { argumentsOf } from '../../src/analysis/calls.js';
import { enclosingFunction, unparen } from '../../src/analysis/syntax.js';
import { fieldUses, storedField } from './stored-subscription.js';
import { busReleasedElsewhere, busReleases, knownSubscription, methodCalledOn, RELEASES, SUBSCRIPTION_ERROR_ROW, SUBSCRIPTION_METHODS, SUBSCRIPTION_ROW, subscribeCall, type SubscribeCall } from './subscribe-call.js';

export const subscriptionNotReleased: Rule = {
  meta: {
    id: 'subscription-not-released',
    name: 'SubscriptionNotReleased',
    summary: 'An event subscription (event.Feed, an RPC client subscription, a libp2p or cometbft bus) is not released on some path, so the publisher keeps delivering into a channel nobody reads',
    defaultLevel: 'warning',
    tags: ['reliability', 'resource-leak', 'concurrency', 'go'],
    precision: 'high',
    messages: {
      dropped: 'the subscription returned by {api} is dropped, so it can never be released and {leak}; keep it (sub := {api}(...)) and {fix}',
      discarded: 'the subscription returned by {api} is discarded with _, so it can never be released and {leak}; assign it and {fix}',
      neverReleased: '{name} from {api} is never released{blank}, so {leak}; {fix} right after the subscribe call',
      goroutineNeverReleases: '{name} from {api} is handed to a goroutine that never releases it, so once that goroutine returns {leak}; {fix} at the top of the goroutine',
      notReleasedOnPath: '{name} from {api} is not released on the path to {where}, so {leak} on that path; {fix} right after the subscribe call, before any early return',
      overwritten: '{name} from {api} is replaced {where} before it is released, so the earlier subscription stays and {leak}; release it before subscribing again',
      storedNeverReleased: 'the subscription of {api} is stored in field {field}, which nothing in this package ever releases, so once its owner stops {leak}; call {method}() on it where the owner shuts down (its Stop or Close)',
    },
    docs,
  },
  textFilter: /\bSubscribe\w*\(/,
  create(ctx) {
    return { call_expression: (call) => check(ctx, call) };
  },
};

const LEAK =
  'the publisher keeps delivering into a channel nobody reads (an event.Feed Send or a libp2p bus Emit then blocks, wedging every other subscriber of that feed)';

function check(ctx: RuleContext, call: Node): void {
  const sub = subscribeCall(call);
  if (!sub) return;
  let row = SUBSCRIPTION_ROW;
  let acq = acquisitionOf(ctx.file, call, row);
  if (!acq) {
    row = SUBSCRIPTION_ERROR_ROW;
    acq = acquisitionOf(ctx.file, call, row);
  }
  if (!acq || acq.kind === 'handed-on') return;
  const { api } = sub;
  if (acq.kind === 'dropped' || acq.kind === 'discarded') {
    if (knownSubscription(ctx.pkg, ctx.file, call, sub) && !drainedForever(call)) ctx.report({ node: call, messageId: acq.kind, data: { api, leak: LEAK, fix: 'defer sub.Unsubscribe()' } });
    return;
  }
  if (acq.kind === 'stored') return checkStored(ctx, call, sub, acq.target);
  if (busReleasedElsewhere(ctx.pkg, ctx.file, acq.fn, sub, call)) return;
  const releases = busReleases(acq.fn, sub, call);
  const life = followLifetime(ctx.file, acq, row, { releases });
  if (!life) return;
  const methods = life.uses.map((u) => methodCalledOn(u.node)).filter((m): m is string => m !== undefined);
  const evident = releases.length > 0 || methods.some((m) => RELEASES.has(m) || SUBSCRIPTION_METHODS.has(m));
  if (!evident && !knownSubscription(ctx.pkg, ctx.file, call, sub)) return;
  const name = acq.binding.name;
  const fix = fixOf(name, sub, methods, call);
  const data = { name, api, leak: LEAK, fix };
  const leak = life.leaks[0];
  if (!leak) {
    if (releases.length === 0 && startedGoroutinesOnly(life, acq.fn) && !releasedByGoroutine(life) && !goroutinesRunForever(life, acq.fn, name)) {
      ctx.report({ node: call, messageId: 'goroutineNeverReleases', data });
    }
    return;
  }
  report(ctx, call, acq, life, leak, releases.length > 0, data);
}

function report(ctx: RuleContext, call: Node, acq: Extract<Acquisition, { kind: 'local' }>, life: Lifetime, leak: Leak, bus: boolean, data: Record<string, string>): void {
  const name = acq.binding.name;
  const exit = life.leaks.find((l) => l.kind === 'exit');
  const related = exit ? [{ node: exit.node, message: exit.node.type === 'return_statement' ? `this return leaves without releasing ${name}` : `the function ends here without releasing ${name}` }] : [];
  // A receive from sub.Err() ends the subscription on its path, but is no sign the code releases it.
  const handled = bus || life.uses.some((u) => u.role === 'transfer' || ((u.role === 'release' || u.role === 'deferred-release') && RELEASES.has(methodCalledOn(u.node) ?? '')));
  const blank = life.blank ? ` (\`_ = ${name}\` only silences the compiler)` : '';
  if (!handled) return ctx.report({ node: call, messageId: 'neverReleased', data: { ...data, blank }, related });
  if (leak.kind !== 'exit') {
    const where = leak.kind === 'loop' ? 'by the next loop iteration' : `at line ${line(leak.node)}`;
    const at = leak.kind === 'loop' ? [] : [{ node: leak.node, message: `${name} is replaced here` }];
    return ctx.report({ node: call, messageId: 'overwritten', data: { ...data, where }, related: at });
  }
  const where = leak.node.type === 'return_statement' ? `the return at line ${line(leak.node)}` : `the end of the function at line ${line(leak.node)}`;
  ctx.report({ node: call, messageId: 'notReleasedOnPath', data: { ...data, where }, related });
}

/**
 * A dropped subscription whose channel a goroutine started here ranges over for good
 * (`go func() { for ev := range ch { ... } }()`): the channel is always read, so the feed never
 * blocks on it; the subscription lives as long as the process, like the goroutine.
 */
function drainedForever(call: Node): boolean {
  const fn = enclosingFunction(call);
  const channels = new Set(argumentsOf(call).map((a) => unparen(a)).filter((a) => a.type === 'identifier').map((a) => a.text));
  if (!fn || channels.size === 0) return false;
  return startedLiterals(fn).some((lit) => drainsForever(lit, (operand) => operand.type === 'identifier' && channels.has(operand.text)));
}

/** Whether each goroutine holding the subscription never returns while it is live: it ranges over
 * `sub.Out()` (closed only by a release) or loops for good. */
function goroutinesRunForever(life: Lifetime, fn: Node, name: string): boolean {
  const isOut = (operand: Node): boolean => {
    const callee = operand.type === 'call_expression' ? operand.childForFieldName('function') : null;
    return callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Out' && callee.childForFieldName('operand')?.text === name;
  };
  const literals = life.uses.filter((u) => u.role === 'transfer').map((u) => startedLiteralOf(u.node, fn));
  return literals.every((lit) => lit !== undefined && drainsForever(lit, isOut));
}

/** A subscription kept in an unexported field that nothing in the package releases. */
function checkStored(ctx: RuleContext, call: Node, sub: SubscribeCall, target: Node): void {
  const field = storedField(target);
  if (field === undefined) return;
  const uses = fieldUses(ctx.pkg, field);
  if (uses.released || !(uses.subscription || knownSubscription(ctx.pkg, ctx.file, call, sub))) return;
  ctx.report({ node: call, messageId: 'storedNeverReleased', data: { api: sub.api, field, leak: LEAK, method: uses.out ? 'Close' : 'Unsubscribe' } });
}

/**
 * The release a message suggests: the one the code already calls somewhere; for a cometbft-style bus
 * (its handle has `Canceled()`) the bus's Unsubscribe; `Close()` for a handle with `Out()` (libp2p's
 * event bus), `Cancel()` for one with `Next(ctx)` (libp2p pubsub), else `Unsubscribe()`.
 */
function fixOf(name: string, sub: SubscribeCall, methods: string[], call: Node): string {
  const used = methods.find((m) => RELEASES.has(m));
  if (used) return `defer ${name}.${used}()`;
  const args = call.childForFieldName('arguments')?.namedChildCount ?? 0;
  if (sub.receiver && (methods.includes('Canceled') || (methods.includes('Out') && args >= 3))) return `defer ${sub.receiver.text}.Unsubscribe(ctx, subscriber, query)`;
  if (methods.includes('Out')) return `defer ${name}.Close()`;
  if (methods.includes('Next')) return `defer ${name}.Cancel()`;
  return `defer ${name}.Unsubscribe()`;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
