import { unboundedCache } from '../../rules/unbounded-cache/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(unboundedCache);
