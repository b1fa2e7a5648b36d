import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { atLeast } from '../../src/analysis/program.js';
import { ancestors, isFunction } from '../../src/analysis/syntax.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { fastCase } from './cases.js';
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
  const loop = enclosingLoop(select);
  if (!loop) return;
  const other = fastCase(ctx.file, select, own, loop);
  if (!other) return;
  const duration = call.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'comment')?.text.replace(/\s+/g, ' ') ?? 'd';
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

/** The innermost `for` around the select in the same function (a `for range ch` counts). */
function enclosingLoop(select: Node): Node | undefined {
  const chain = ancestors(select);
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i]!;
    if (isFunction(n)) return undefined;
    if (n.type === 'for_statement') return n;
  }
  return undefined;
}

