import { bodyNotClosed } from '../../rules/body-not-closed/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(bodyNotClosed);
