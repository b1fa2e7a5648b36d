import type { Rule } from '../../src/rule-api.js';
import { docs } from './docs.js';

/**
 * Findings about the suppression directives themselves. The rule has no visitor: the engine reads the
 * directives when it applies them (src/engine/suppress.ts) and reports through this rule when it is on,
 * so its level, --disable and the place policy work as for any rule.
 */
export const directive: Rule = {
  meta: {
    id: 'directive',
    name: 'SuppressionDirective',
    summary: 'A //nolint or //gohazard:ignore directive names an unknown rule or suppresses nothing; never fails a run by default',
    defaultLevel: 'note',
    tags: ['maintainability', 'go'],
    precision: 'very-high',
    messages: {
      unknownRule: 'unknown rule "{name}" in this directive{hint}, so it suppresses nothing; fix the name (see gohazard --list-rules)',
      unused: 'this directive suppresses nothing: no finding of {rules} is on the lines it covers; remove it',
    },
    docs,
  },
};
