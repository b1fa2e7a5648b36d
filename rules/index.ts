import type { Rule } from '../src/rule-api.js';
import { bodyNotClosed } from './body-not-closed/rule.js';
import { cgoNotFreed } from './cgo-not-freed/rule.js';
import { dialNoTimeout } from './dial-no-timeout/rule.js';
import { goroutineSendLeak } from './goroutine-send-leak/rule.js';
import { httpClientNoTimeout } from './http-client-no-timeout/rule.js';
import { httpServerNoTimeout } from './http-server-no-timeout/rule.js';
import { httpTransportNoIdleTimeout } from './http-transport-no-idle-timeout/rule.js';
import { lockNotReleased } from './lock-not-released/rule.js';
import { lostCancel } from './lost-cancel/rule.js';
import { selectNoExit } from './select-no-exit/rule.js';
import { subscriptionNotReleased } from './subscription-not-released/rule.js';
import { syntaxError } from './syntax-error/rule.js';
import { tickerNotStopped } from './ticker-not-stopped/rule.js';
import { timeAfterInLoop } from './time-after-in-loop/rule.js';
import { unboundedCache } from './unbounded-cache/rule.js';
import { waitgroupMismatch } from './waitgroup-mismatch/rule.js';
import { directive } from './directive/rule.js';

/** Every rule, in id order. A new rule is added here and nowhere else. */
export const allRules: readonly Rule[] = [bodyNotClosed, cgoNotFreed, dialNoTimeout, directive, goroutineSendLeak, httpClientNoTimeout, httpServerNoTimeout, httpTransportNoIdleTimeout, lockNotReleased, lostCancel, selectNoExit, subscriptionNotReleased, syntaxError, tickerNotStopped, timeAfterInLoop, unboundedCache, waitgroupMismatch].sort((a, b) =>
  a.meta.id.localeCompare(b.meta.id),
);

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
