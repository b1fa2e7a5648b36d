import { selectNoExit } from '../../rules/select-no-exit/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(selectNoExit);
