import { timeAfterInLoop } from '../../rules/time-after-in-loop/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(timeAfterInLoop);
