import { httpServerNoTimeout } from '../../rules/http-server-no-timeout/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(httpServerNoTimeout);
