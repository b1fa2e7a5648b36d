import { goroutineSendLeak } from '../../rules/goroutine-send-leak/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(goroutineSendLeak);
