import type { Node } from 'web-tree-sitter';
import { declaringFunction, resolve, type Binding } from '../../src/analysis/scopes.js';
import { nodeIndex } from '../../src/analysis/node-index.js';
import { contains, enclosingFunction, placeNodes, unparen } from '../../src/analysis/syntax.js';
import type { RelatedLocation, Rule, RuleContext } from '../../src/rule-api.js';
import { ChannelUseFacts, unbufferedMake } from './channel.js';
import { exitWithoutReceive } from './receive-path.js';
import { goroutineOf, sendsLastOn, sendsOn, type Goroutine } from './sender.js';
import { docs } from './docs.js';

export const goroutineSendLeak: Rule = {
  meta: {
    id: 'goroutine-send-leak',
    name: 'GoroutineSendLeak',
    summary: 'A goroutine sends on an unbuffered channel that its starter can stop receiving from (a timeout, ctx.Done(), an early return): the sender blocks forever',
    defaultLevel: 'warning',
    tags: ['reliability', 'concurrency', 'goroutine-leak', 'go'],
    precision: 'medium',
    messages: {
      leaks:
        'this goroutine sends on the unbuffered channel {name}, but {where} leaves without receiving from it, so the send ' +
        'blocks forever and the goroutine leaks with everything it references; give the channel room for its one send ' +
        '(make({type}, 1)), or receive on that path too',
      leaksShared:
        'this goroutine sends on the unbuffered channel {name}, which other senders share, but {where} leaves before every ' +
        'send is received, so the senders left over block forever and leak with everything they reference; give the ' +
        'channel room for every sender (make({type}, n) for n senders), or keep receiving until all have sent',
      leaksRepeated:
        'this goroutine sends on the unbuffered channel {name} more than once, but {where} leaves without receiving from it, ' +
        'so the next send blocks forever and the goroutine leaks with everything it references; make each send a select ' +
        'with a case <-ctx.Done() (or a done channel closed before returning) so the goroutine can give up',
    },
    docs,
  },
  // Only a channel the function makes itself is followed.
  textFilter: /\bmake\(\s*chan\b/,
  create(ctx) {
    const channels = new Map<Binding, ChannelFacts | null>();
    return { go_statement: (go) => check(ctx, go, channels) };

  },
};

/** What the rule learns about one channel variable, once per file: its `make` and its classified uses. */
interface ChannelFacts {
  type: Node;
  uses: ChannelUseFacts;
}

function check(ctx: RuleContext, go: Node, channels: Map<Binding, ChannelFacts | null>): void {
  const fn = enclosingFunction(go);
  const g = fn ? goroutineOf(ctx.pkg, ctx.file, go) : undefined;
  if (!fn || !g) return;
  for (const channel of candidateChannels(ctx, fn, g)) {
    // One finding per channel: its senders share the fix, which is made where the channel is.
    let facts = channels.get(channel);
    if (facts === undefined) {
      const type = unbufferedMake(ctx.file, channel);
      facts = type ? { type, uses: new ChannelUseFacts(ctx.pkg, ctx.file, fn, channel) } : null;
      channels.set(channel, facts);
    }
    const sends = facts ? sendsOn(g, ctx.file, channel) : undefined;
    if (!facts || !sends || sends.blocking.length === 0) continue;
    const { type } = facts;
    const uses = facts.uses.outside(go);
    if (uses.handedOn) continue;
    const perIteration = startedInLoop(fn, go);
    const receives = perIteration ? uses.receives : [...uses.receives, ...lastActReceives(ctx, fn, go, g, channel)];
    const exit = exitWithoutReceive(fn, go, receives, perIteration);
    if (!exit) continue;
    const where = exit.type === 'return_statement' ? `the return at line ${line(exit)}` : `the end of the function at line ${line(exit)}`;
    const related: RelatedLocation[] = [
      { node: sends.blocking[0]!, file: g.file, message: `the goroutine blocks here once nobody receives from ${channel.name}` },
      { node: exit, message: exit.type === 'return_statement' ? `this return leaves without receiving from ${channel.name}` : `the function ends here without receiving from ${channel.name}` },
    ];
    ctx.report({
      node: go,
      messageId: sends.repeated ? 'leaksRepeated' : uses.otherSenders || perIteration ? 'leaksShared' : 'leaks',
      data: { name: channel.name, where, type: type.text.replace(/\s+/g, ' ') },
      related,
    });
    channels.set(channel, null);
  }
}

/**
 * The variables of the starting function that the goroutine may send on: those a literal's sends
 * name directly (captured), and those passed as arguments of the `go` call.
 */
function candidateChannels(ctx: RuleContext, fn: Node, g: Goroutine): Binding[] {
  const found = new Map<number, Binding>();
  const consider = (ident: Node | null | undefined) => {
    const id = ident ? unparen(ident) : undefined;
    if (id?.type !== 'identifier') return;
    const b = resolve(ctx.file, id);
    if (b?.kind === 'var' && declaringFunction(b)?.id === fn.id) found.set(b.node.id, b);
  };
  for (const arg of g.args) consider(arg);
  if (g.literal) {
    for (const p of placeNodes(g.fn, ['send_statement'])) if (p.literal === undefined) consider(p.node.childForFieldName('channel'));
  }
  return [...found.values()];
}

/**
 * The receives from the other channels of the goroutine on which it sends only as its last act
 * (`errc <- err; return`), when nobody else sends on them: a path that has received there has seen
 * the goroutine finish (see sendsLastOn), so it counts as a receive from `channel` too.
 */
function lastActReceives(ctx: RuleContext, fn: Node, go: Node, g: Goroutine, channel: Binding): Node[] {
  return candidateChannels(ctx, fn, g)
    .filter((other) => other !== channel && sendsLastOn(g, ctx.file, other))
    .flatMap((other) => {
      const uses = new ChannelUseFacts(ctx.pkg, ctx.file, fn, other).outside(go);
      return uses.handedOn || uses.otherSenders ? [] : uses.receives;
    });
}

/** A `go` statement in a loop of the function starts one sender per iteration. */
function startedInLoop(fn: Node, go: Node): boolean {
  const loop = nodeIndex(go.tree).enclosingLoop(go);
  return loop !== undefined && contains(fn, loop) && loop.id !== fn.id;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
