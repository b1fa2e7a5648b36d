import { waitgroupMismatch } from '../../rules/waitgroup-mismatch/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(waitgroupMismatch);
