import { httpClientNoTimeout } from '../../rules/http-client-no-timeout/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(httpClientNoTimeout);
