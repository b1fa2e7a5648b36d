import { directive } from '../../rules/directive/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(directive);
