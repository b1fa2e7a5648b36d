import { httpTransportNoIdleTimeout } from '../../rules/http-transport-no-idle-timeout/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(httpTransportNoIdleTimeout);
