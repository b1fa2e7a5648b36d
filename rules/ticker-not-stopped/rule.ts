import type { Node } from 'web-tree-sitter';
import { exitWithout } from '../../src/analysis/flow.js';
import { acquisitionOf } from '../../src/analysis/lifetime.js';
import { followLifetime } from '../../src/analysis/lifetime-walk.js';
import { atLeast } from '../../src/analysis/program.js';
import { resolve } from '../../src/analysis/scopes.js';
import { enclosingFunction } from '../../src/analysis/syntax.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';
import { isShutdownExit } from './shutdown-exit.js';
import { fieldDrivesEndlessLoop, fieldReleased, loopsForever, packageVarReleased, storedField } from './stored-timer.js';
import { timerCall, TICKER_ROW, TIMER_ROW, type TimerApi } from './timer-row.js';

export const tickerNotStopped: Rule = {
  meta: {
    id: 'ticker-not-stopped',
    name: 'TickerNotStopped',
    summary: 'A time.Ticker is not stopped on some path (before Go 1.23 it is never collected), timers pile up in a loop, or a stored ticker driving an endless loop is never stopped',
    defaultLevel: 'warning',
    tags: ['reliability', 'resource-leak', 'time', 'go'],
    precision: 'high',
    messages: {
      dropped: 'the {kind} of {api} is never kept, so it can never be stopped and {leak}; keep it (t := {api}(...)) and defer t.Stop()',
      neverStopped: '{name} from {api} is never stopped, so {leak}; defer {name}.Stop() right after the call',
      notStoppedOnPath: '{name} from {api} is not stopped on the path to {where}, so {leak} on that path; defer {name}.Stop() right after the call',
      overwritten: '{name} from {api} is replaced {where} before it is stopped, so {leak}; stop {name} before reassigning it',
      storedNeverStopped: 'the {kind} of {api} is stored in {name}, which nothing in this package ever stops, so it keeps firing as long as its owner lives; stop it where the owner shuts down (its Close or Stop method)',
      storedLoopNeverStopped: 'the {kind} of {api} is stored in {name}, which nothing in this package ever stops, and a loop that never ends receives from it, so the {kind}, that goroutine and the value holding them stay for the life of the process, one more per call; stop it and end the loop (a quit channel or context case) where the owner shuts down',
      tick: 'time.Tick in a function that returns: before Go 1.23 its ticker can never be stopped or collected, so every call leaves one more ticker firing for the life of the process; use time.NewTicker and defer its Stop(), or move to go 1.23',
    },
    docs,
  },
  textFilter: /\b(NewTicker|NewTimer|Tick)\(/,
  create(ctx) {
    return { call_expression: (call) => check(ctx, call) };
  },
};

/** Go 1.23 made a ticker or timer that nothing references collectable, stopped or not. */
const COLLECTED_SINCE = 23;

function check(ctx: RuleContext, call: Node): void {
  const api = timerCall(ctx.file, call);
  if (!api) return;
  const old = !atLeast(ctx.facts.program.goVersion(ctx.file), COLLECTED_SINCE);
  if (api === 'time.Tick') return old ? checkTick(ctx, call) : undefined;
  const row = api === 'time.NewTicker' ? TICKER_ROW : TIMER_ROW;
  const acq = acquisitionOf(ctx.file, call, row);
  if (!acq) return;
  const kind = api === 'time.NewTicker' ? 'ticker' : 'timer';
  const leak = leakOf(api);
  if (acq.kind === 'stored') return checkStored(ctx, call, acq.target, api, kind, old);
  // From 1.23 on, a timer only this function references is collected once the function is done with it.
  if (!old) return;
  if (acq.kind === 'dropped' || acq.kind === 'discarded') {
    // A dropped timer is time.After by another name; a ticker ranged over by a loop that never ends
    // lives exactly as long as the loop, like time.Tick's.
    if (api === 'time.NewTimer' || rangedForever(call)) return;
    return ctx.report({ node: call, messageId: 'dropped', data: { api, kind, leak } });
  }
  if (acq.kind !== 'local') return;
  const life = followLifetime(ctx.file, acq, row);
  const endless = endlessRangeOver(acq.fn, life?.uses.map((u) => u.node) ?? []);
  const leaks = life?.leaks.filter((l) => l.kind !== 'exit' || !(isShutdownExit(l.node, acq.fn) || (endless && l.node.startIndex >= endless.endIndex))) ?? [];
  // A timer is held only until it fires, as time.After's is: what piles up is one per loop iteration
  // (or per reassignment) before the earlier ones fire, not one left behind by a return.
  const first = api === 'time.NewTimer' ? leaks.find((l) => l.kind !== 'exit') : leaks[0];
  if (!life || !first) return;
  const name = acq.binding.name;
  const exit = leaks.find((l) => l.kind === 'exit');
  const exitNote = exit?.node.type === 'return_statement' ? `this return leaves without stopping ${name}` : `the function ends here without stopping ${name}`;
  const related = exit ? [{ node: exit.node, message: exitNote }] : [];
  const handled = life.uses.some((u) => u.role === 'release' || u.role === 'deferred-release' || u.role === 'transfer');
  if (!handled && (first.kind === 'exit' || api !== 'time.NewTimer')) return ctx.report({ node: call, messageId: 'neverStopped', data: { name, api, leak }, related });
  if (first.kind !== 'exit') {
    const where = first.kind === 'loop' ? 'by the next loop iteration' : `at line ${line(first.node)}`;
    const at = first.kind === 'loop' ? [] : [{ node: first.node, message: `${name} is replaced here` }];
    return ctx.report({ node: call, messageId: 'overwritten', data: { name, api, where, leak }, related: at });
  }
  const where = first.node.type === 'return_statement' ? `the return at line ${line(first.node)}` : `the end of the function at line ${line(first.node)}`;
  ctx.report({ node: call, messageId: 'notStoppedOnPath', data: { name, api, where, leak }, related });
}

/**
 * A ticker kept in an unexported field or package variable that nothing in the package stops. From Go
 * 1.23 on it is collected with its owner, so only one that an endless loop receives from (which keeps
 * it and its owner referenced for good) is reported, and package variables are not.
 */
function checkStored(ctx: RuleContext, call: Node, target: Node, api: TimerApi, kind: string, old: boolean): void {
  // A stored timer is released when it fires.
  if (api === 'time.NewTimer') return;
  const field = storedField(target);
  if (field !== undefined) {
    if (fieldReleased(ctx.pkg, field) || (!old && !fieldDrivesEndlessLoop(ctx.pkg, field))) return;
    const messageId = old ? 'storedNeverStopped' : 'storedLoopNeverStopped';
    return ctx.report({ node: call, messageId, data: { api, kind, name: `field ${field}` } });
  }
  if (!old || target.type !== 'identifier') return;
  const global = resolve(ctx.file, target) ?? ctx.facts.packageScope.resolve(ctx.file, target)?.binding;
  if (global?.kind !== 'var' || global.scope.kind !== 'package') return;
  if (!packageVarReleased(ctx.pkg, global.name)) ctx.report({ node: call, messageId: 'storedNeverStopped', data: { api, kind, name: `package variable ${global.name}` } });
}

/** time.Tick outside main-like code, in a function some path of which returns. */
function checkTick(ctx: RuleContext, call: Node): void {
  const fn = enclosingFunction(call);
  if (!fn || ctx.facts.program.isMainLike(fn, ctx.file)) return;
  // A function that never returns (a serving loop) keeps its one ticker for good: nothing leaks.
  if (rangesForever(call) || exitWithout(fn, () => false) === null) return;
  ctx.report({ node: call, messageId: 'tick' });
}

/**
 * A `for range t.C` over the ticker's own channel that nothing leaves: the channel is never closed, so
 * the exits after the loop are not reached through it (a path that skips the loop is missed).
 */
function endlessRangeOver(fn: Node, uses: Node[]): Node | undefined {
  for (const use of uses) {
    const channel = use.parent;
    const clause = channel?.parent;
    const loop = clause?.parent;
    if (channel?.type !== 'selector_expression' || channel.childForFieldName('field')?.text !== 'C') continue;
    if (clause?.type !== 'range_clause' || loop?.type !== 'for_statement' || enclosingFunction(loop)?.id !== fn.id) continue;
    if (loopsForever(loop, channel)) return loop;
  }
  return undefined;
}

/** `for range time.NewTicker(d).C { ... }` that nothing leaves. */
function rangedForever(call: Node): boolean {
  const channel = call.parent;
  if (channel?.type !== 'selector_expression' || channel.childForFieldName('field')?.text !== 'C') return false;
  const clause = channel.parent;
  const loop = clause?.parent;
  return clause?.type === 'range_clause' && loop?.type === 'for_statement' && loopsForever(loop, channel);
}

/** `for range time.Tick(d) { ... }` that nothing leaves: the loop (and the function) runs for good. */
function rangesForever(call: Node): boolean {
  const clause = call.parent;
  const loop = clause?.parent;
  return clause?.type === 'range_clause' && loop?.type === 'for_statement' && loopsForever(loop, call);
}

function leakOf(api: TimerApi): string {
  return api === 'time.NewTicker'
    ? 'before Go 1.23 the runtime keeps the ticker and its channel for the life of the process, firing, one more per call'
    : 'before Go 1.23 the runtime keeps the timer and whatever it references until it fires';
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
