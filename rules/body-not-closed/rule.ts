import type { Node } from 'web-tree-sitter';
import { acquisitionOf } from '../../src/analysis/lifetime.js';
import { followLifetime, type Leak } from '../../src/analysis/lifetime-walk.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { clientCall, readsBody, RESPONSE_ROW } from './client-call.js';
import { docs } from './docs.js';

export const bodyNotClosed: Rule = {
  meta: {
    id: 'body-not-closed',
    name: 'BodyNotClosed',
    summary: 'The Body of an *http.Response from a client call is not closed on some path, which keeps its connection out of the pool',
    defaultLevel: 'warning',
    tags: ['reliability', 'http', 'resource-leak', 'go'],
    precision: 'high',
    messages: {
      dropped: 'the response of {api} is dropped, so its body is never closed and {leak}; keep it (resp, err := {api}(...)) and defer resp.Body.Close() after the error check',
      discarded: 'the response of {api} is discarded with _, so its body is never closed and {leak}; assign it and defer resp.Body.Close() after the error check',
      neverClosed: 'the body of {name} from {api} is never closed{blank}, so {leak}; defer {name}.Body.Close() right after the error check',
      notClosedOnPath: 'the body of {name} from {api} is not closed on the path to {where}, so {leak} on that path; defer {name}.Body.Close() right after the error check, before any early return',
      overwritten: '{name} from {api} is overwritten {where} before its body is closed, so {leak}; close {name}.Body before reusing the variable',
    },
    docs,
  },
  // Every client call spells one of these method names.
  textFilter: /\.(Do|Get|Head|Post|PostForm)\(|\b(Get|Head|Post|PostForm)\(/,
  create(ctx) {
    if (!ctx.facts.imports(ctx.file).some((e) => e.path === 'net/http')) return {};
    return { call_expression: (call) => check(ctx, call) };
  },
};

const LEAK = 'its connection cannot go back to the pool and keeps its goroutines and buffers until the server hangs up';

function check(ctx: RuleContext, call: Node): void {
  const client = clientCall(ctx.pkg, ctx.file, call);
  if (!client) return;
  const { api } = client;
  const acq = acquisitionOf(ctx.file, call, RESPONSE_ROW);
  if (!acq) return;
  if (acq.kind === 'dropped' || acq.kind === 'discarded') {
    if (client.certainty === 'known') ctx.report({ node: call, messageId: acq.kind, data: { api, leak: LEAK } });
    return;
  }
  if (acq.kind !== 'local') return;
  const life = followLifetime(ctx.file, acq, RESPONSE_ROW);
  if (!life) return;
  // A method we could not type is a client call only if the code reads the response's Body.
  if (client.certainty === 'shape' && !life.uses.some((u) => readsBody(u.node))) return;
  const leak = life.leaks[0];
  if (!leak) return;
  const name = acq.binding.name;
  const exit = life.leaks.find((l) => l.kind === 'exit');
  const related = exit ? [{ node: exit.node, message: exitMessage(exit, name) }] : [];
  const handled = life.uses.some((u) => u.role === 'release' || u.role === 'deferred-release' || u.role === 'transfer');
  const blank = life.blank ? ` (\`_ = ${name}\` only silences the compiler)` : '';
  if (!handled) return ctx.report({ node: call, messageId: 'neverClosed', data: { name, api, blank, leak: LEAK }, related });
  if (leak.kind !== 'exit') {
    const where = leak.kind === 'loop' ? 'by the next loop iteration' : `at line ${line(leak.node)}`;
    const at = leak.kind === 'loop' ? [] : [{ node: leak.node, message: `${name} is overwritten here` }];
    return ctx.report({ node: call, messageId: 'overwritten', data: { name, api, where, leak: LEAK }, related: at });
  }
  const where = leak.node.type === 'return_statement' ? `the return at line ${line(leak.node)}` : `the end of the function at line ${line(leak.node)}`;
  ctx.report({ node: call, messageId: 'notClosedOnPath', data: { name, api, where, leak: LEAK }, related });
}

function exitMessage(leak: Leak, name: string): string {
  return leak.node.type === 'return_statement' ? `this return leaves without closing ${name}.Body` : `the function ends here without closing ${name}.Body`;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
