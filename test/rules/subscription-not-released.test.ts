import { subscriptionNotReleased } from '../../rules/subscription-not-released/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(subscriptionNotReleased);
