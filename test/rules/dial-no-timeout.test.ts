import { dialNoTimeout } from '../../rules/dial-no-timeout/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(dialNoTimeout);
