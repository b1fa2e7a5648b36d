import { lockNotReleased } from '../../rules/lock-not-released/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(lockNotReleased);
