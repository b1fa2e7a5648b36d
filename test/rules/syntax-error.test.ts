import { syntaxError } from '../../rules/syntax-error/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(syntaxError, {
  messagesTestedElsewhere: {
    // Every new(expr) we can write parses through grammars/new-expr.ts; the message is for when it does not.
    parserGap: 'test/syntax-error-message.test.ts runs the rule on the plain grammar',
  },
});
