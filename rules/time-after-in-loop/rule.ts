import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { atLeast } from '../../src/analysis/program.js';
import { ancestors, isFunction, statementsOf } from '../../src/analysis/syntax.js';
import { typeOf } from '../../src/analysis/type-of.js';
import type { Rule, RuleContext, SourceFile } from '../../src/rule-api.js';
import { fastCase, terminates } from './cases.js';
import { constantDuration, SHORT } from './duration.js';
import { docs } from './docs.js';

export const timeAfterInLoop: Rule = {
  meta: {
    id: 'time-after-in-loop',
    name: 'TimeAfterInLoop',
    summary: 'time.After in a select inside a loop, before Go 1.23: every iteration allocates a timer that lives until it fires',
    defaultLevel: 'warning',
    tags: ['reliability', 'memory', 'timer', 'go'],
    precision: 'high',
    messages: {
      leak: 'time.After({duration}) makes a new timer each time this loop comes round, and before Go 1.23 (this module is on go {version}) a timer that has not fired is not collected, so every iteration that leaves through another case keeps one for {duration}: memory grows with the rate of that case; create one time.NewTimer before the loop and Reset it each iteration, or move the module to go 1.23',
    },
    docs,
  },
  // Any import name still spells `.After(`; a dot import spells `After(`.
  textFilter: /\bAfter\s*\(/,
  create(ctx) {
    const version = ctx.facts.program.goVersion(ctx.file);
    // From go1.23 an unreferenced timer is collected; an unknown version is taken as the newest.
    if (atLeast(version, 23)) return {};
    return { call_expression: (call) => check(ctx, call, `${version!.major}.${version!.minor}`) };
  },
};

function check(ctx: RuleContext, call: Node, version: string): void {
  const callee = call.childForFieldName('function');
  if (!callee) return;
  // Cheap text test first: this runs on every call of the file.
  const name = callee.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee.text;
  if (name !== 'After' || packageMember(ctx.file, callee, ['time']) !== 'After') return;
  const own = caseOf(call);
  const select = own?.parent;
  if (!own || select?.type !== 'select_statement') return;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  const ns = args[0] ? constantDuration(ctx.file, args[0], (ident) => packageConst(ctx, ident)) : undefined;
  if (ns !== undefined && ns <= SHORT) return;
  const chain = ancestors(select);
  const loop = enclosingLoop(chain);
  if (!loop || !longLived(ctx, loop) || leavesAfter(chain, select, loop)) return;
  const other = fastCase(ctx.file, select, own, loop);
  if (!other) return;
  const duration = args[0]?.text.replace(/\s+/g, ' ') ?? 'd';
  ctx.report({
    node: call,
    messageId: 'leak',
    data: { duration, version },
    related: [{ node: other, message: 'this case brings the loop round again before the timer fires' }],
  });
}

/** The communication case whose channel is the call: `case <-time.After(d):`, `case t := <-time.After(d):`. */
function caseOf(call: Node): Node | undefined {
  let n = call;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const recv = n.parent;
  if (recv?.type !== 'unary_expression' || recv.child(0)?.type !== '<-') return undefined;
  const stmt = recv.parent;
  const comm = stmt?.type === 'receive_statement' && stmt.childForFieldName('right')?.id === recv.id ? stmt : stmt?.type === 'expression_statement' ? stmt : undefined;
  const c = comm?.parent;
  return c?.type === 'communication_case' && c.childForFieldName('communication')?.id === comm!.id ? c : undefined;
}

/**
 * The loops that live long enough for timers to pile up: `for { }`, `for cond { }`, and a range over a
 * channel. A counted loop (`for i := 0; i < n; i++`) or a range over a slice or map makes a bounded
 * number of timers per call; an unknown range expression is not taken to be a channel.
 */
function longLived(ctx: RuleContext, loop: Node): boolean {
  const clause = loop.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  if (!clause) return true;
  if (clause.type === 'for_clause') return clause.childForFieldName('condition') === null;
  if (clause.type !== 'range_clause') return true;
  const right = clause.childForFieldName('right');
  const type = right ? typeOf(ctx.pkg, ctx.file, right) : undefined;
  return type !== undefined && !type.pointer && type.node.type === 'channel_type';
}

/** The value of a constant of the package (`const heartbeat = time.Second`), with the file it is in. */
function packageConst(ctx: RuleContext, ident: Node): { file: SourceFile; node: Node } | undefined {
  const found = ctx.facts.packageScope.resolve(ctx.file, ident);
  if (found?.binding.kind !== 'const') return undefined;
  const spec = found.binding.node.parent;
  const names = spec?.type === 'const_spec' ? spec.childrenForFieldName('name') : [];
  const values = spec?.childForFieldName('value')?.namedChildren ?? [];
  const value = values[names.findIndex((n) => n.id === found.binding.node.id)];
  return value ? { file: found.file, node: value } : undefined;
}

/** Whether every path from the end of the select leaves the loop before it comes round: the statements
 * after it (in its block, and in each block around it up to the loop body) end in a return, a break or
 * goto out, or a call that never returns. */
function leavesAfter(chain: Node[], select: Node, loop: Node): boolean {
  const path = [...chain, select];
  for (let i = path.length - 1; i > 0 && path[i]!.id !== loop.id; i--) {
    const node = path[i]!;
    const list = path[i - 1]!;
    if (list.type !== 'statement_list') continue;
    const rest = statementsOf(list).filter((s) => s.startIndex > node.startIndex);
    if (terminates(rest, loop)) return true;
    // The end of a case or branch falls out of its statement; past a loop body it comes round.
    if (list.parent?.id === loop.childForFieldName('body')?.id) return false;
  }
  return false;
}

/** The innermost `for` around the select in the same function (a `for range ch` counts). */
function enclosingLoop(chain: Node[]): Node | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i]!;
    if (isFunction(n)) return undefined;
    if (n.type === 'for_statement') return n;
  }
  return undefined;
}

