import { cgoNotFreed } from '../../rules/cgo-not-freed/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(cgoNotFreed);
