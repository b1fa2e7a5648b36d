import { lostCancel } from '../../rules/lost-cancel/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(lostCancel);
