import { tickerNotStopped } from '../../rules/ticker-not-stopped/rule.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(tickerNotStopped);
