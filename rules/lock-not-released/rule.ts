import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';

export const lockNotReleased: Rule = {
  meta: {
    id: 'lock-not-released',
    name: 'LockNotReleased',
    summary: 'TODO: one line for --list-rules and SARIF: what the hazard is and what it does in production',
    defaultLevel: 'warning',
    tags: ['reliability', 'go'],
    precision: 'medium',
    messages: {
      found: 'TODO: exampleHazard() stands for the hazard: say what is wrong, why it hurts in production, and how to fix it',
    },
    docs,
  },
  // A cheap test of the file's text: files that cannot hold the hazard are never walked.
  textFilter: /\bexampleHazard\b/,
  create(ctx) {
    return { call_expression: (call) => check(ctx, call) };
  },
};

/** The placeholder check: a call of a function named exampleHazard. */
function check(ctx: RuleContext, call: Node): void {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier' && fn.text === 'exampleHazard') ctx.report({ node: call, messageId: 'found' });
}
