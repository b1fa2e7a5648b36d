import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext, SourceFile } from '../../src/rule-api.js';
import { assignedValues, valueAssignedTo } from '../../src/analysis/assigned-values.js';
import { resolve } from '../../src/analysis/scopes.js';
import { hasUnkeyedElement, literalExpression, literalFields } from '../../src/analysis/struct-fields.js';
import { isHttpType } from '../../src/analysis/http-transport.js';
import { isZeroDuration } from '../../src/analysis/struct-fields.js';
import { unparen } from '../../src/analysis/syntax.js';
import { valueUses } from '../../src/analysis/value-uses.js';
import { docs } from './docs.js';

const LEAK =
  'so idle keep-alive connections to every host it has contacted stay open forever, holding file descriptors, memory and two goroutines each, and peers or NATs that drop idle connections silently leave dead ones in the pool';
const FIX = 'set IdleConnTimeout (http.DefaultTransport uses 90 * time.Second), or start from http.DefaultTransport.(*http.Transport).Clone()';

export const httpTransportNoIdleTimeout: Rule = {
  meta: {
    id: 'http-transport-no-idle-timeout',
    name: 'HttpTransportNoIdleTimeout',
    summary: 'An http.Transport literal without IdleConnTimeout or DisableKeepAlives keeps idle connections open forever',
    defaultLevel: 'warning',
    tags: ['reliability', 'resource-leak', 'timeout', 'http', 'go'],
    precision: 'high',
    messages: {
      transport: `{what}, ${LEAK}; ${FIX}`,
    },
    docs,
  },
  // Nothing here can happen in a file that does not import net/http (under any name).
  textFilter: /"net\/http"/,
  create(ctx) {
    return {
      composite_literal: (lit) => {
        if (isHttpType(ctx.file, lit.childForFieldName('type'), 'Transport')) check(ctx, lit);
      },
    };
  },
};

/**
 * An http.Transport literal whose idle connections nothing bounds: no non-zero IdleConnTimeout, keep-alives
 * not disabled (DisableKeepAlives, or a negative MaxIdleConnsPerHost, which keeps no idle connection), in
 * the literal or by a later assignment through any use of the value (`t.IdleConnTimeout = d`, also in a
 * helper of the package or through the struct field the transport is kept in), and not overwritten by a
 * copy of another transport (`*t = *base`).
 */
function check(ctx: RuleContext, lit: Node): void {
  if (hasUnkeyedElement(lit)) return;
  const fields = literalFields(lit, []);
  const idle = fields.get('IdleConnTimeout');
  if ((idle && !isZeroDuration(ctx.file, idle)) || keepAlivesOff(fields.get('DisableKeepAlives'), fields.get('MaxIdleConnsPerHost'))) return;
  if (DIALS.some((f) => dialsUnixSocket(ctx.file, fields.get(f)))) return;
  for (const use of valueUses(ctx.pkg, ctx.file, literalExpression(lit)).uses) {
    if (!(use.file.isTest && !ctx.file.isTest) && boundsIdle(use.file, use.node)) return;
  }
  const what = idle ? 'this http.Transport sets IdleConnTimeout to 0, which means no limit' : 'this http.Transport sets neither IdleConnTimeout nor DisableKeepAlives';
  ctx.report({ node: lit, messageId: 'transport', data: { what } });
}

/** The dial functions of a transport: one that only ever dials a unix socket talks to one local process. */
const DIALS = ['DialContext', 'Dial'];
const UNIX_NETWORK = /^["`]unix(packet)?["`]$/;

/** A dial function written here (inline, or a local variable given a literal) that names the unix network:
 * its idle connections go to one local process (at most MaxIdleConnsPerHost of them), which closes them
 * visibly when it goes. */
function dialsUnixSocket(file: SourceFile, dial: Node | undefined): boolean {
  if (!dial) return false;
  const e = unparen(dial);
  const binding = e.type === 'identifier' ? resolve(file, e) : undefined;
  const values = binding ? (assignedValues(file, binding) ?? []) : [e];
  return values.some((v) => {
    const fn = unparen(v);
    return fn.type === 'func_literal' && fn.descendantsOfType(['interpreted_string_literal', 'raw_string_literal']).some((s) => UNIX_NETWORK.test(s.text));
  });
}

/** `DisableKeepAlives: <anything but false>`, or `MaxIdleConnsPerHost: -n`. */
function keepAlivesOff(disable: Node | undefined, maxIdle: Node | undefined): boolean {
  if (disable && unparen(disable).text !== 'false') return true;
  return maxIdle !== undefined && /^-\s*\d/.test(unparen(maxIdle).text);
}

/** A use that bounds idle connections later: `t.IdleConnTimeout = d` (d non-zero), `t.DisableKeepAlives =
 * v`, `t.MaxIdleConnsPerHost = -1`, `*t = *base`, or a call of `t.CloseIdleConnections()`. */
function boundsIdle(file: SourceFile, use: Node): boolean {
  const parent = use.parent;
  if (parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '*') return valueAssignedTo(parent) !== undefined;
  if (parent?.type !== 'selector_expression' || parent.childForFieldName('operand')?.id !== use.id) return false;
  // `defer t.CloseIdleConnections()`: the owner closes the pool itself when done with the transport.
  if (parent.childForFieldName('field')?.text === 'CloseIdleConnections') return parent.parent?.type === 'call_expression';
  const value = valueAssignedTo(parent);
  if (!value) return false;
  const field = parent.childForFieldName('field')?.text;
  if (field === 'IdleConnTimeout') return !isZeroDuration(file, value);
  if (field === 'DisableKeepAlives') return keepAlivesOff(value, undefined);
  return field === 'MaxIdleConnsPerHost' && keepAlivesOff(undefined, value);
}
