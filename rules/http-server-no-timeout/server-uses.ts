import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../../src/rule-api.js';
import { assignedValues, valueAssignedTo } from '../../src/analysis/assigned-values.js';
import { argumentsOf } from '../../src/analysis/calls.js';
import { isZeroDuration } from '../../src/analysis/struct-fields.js';
import { packageMember } from '../../src/analysis/imports.js';
import { resolve } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';

/**
 * What one use of an http.Server value says about its read timeouts: it is given one
 * (`srv.ReadHeaderTimeout = d`, `*srv = *configured`), it serves (`srv.Serve(l)`, `go
 * srv.ListenAndServe()`, the method value `g.Go(srv.ListenAndServe)`), it serves a unix socket, it
 * is handed to code out of sight (which may set the fields: they are public), or none of these
 * (`srv.Handler = h`, `srv.Shutdown(ctx)`).
 */
export type ServerUse = 'timeout' | 'serves' | 'unix' | 'handed' | 'neutral';

/** Methods that start serving connections. */
export const SERVE_METHODS = new Set(['Serve', 'ServeTLS', 'ListenAndServe', 'ListenAndServeTLS']);
/** Fields whose non-zero value bounds how long a client may take to send its headers. */
export const READ_TIMEOUTS = ['ReadHeaderTimeout', 'ReadTimeout'];

/** Calls known not to set a server's timeouts, though they take it (golang.org/x/net/http2). */
const HARMLESS_TAKERS: Record<string, ReadonlySet<string>> = {
  'golang.org/x/net/http2': new Set(['ConfigureServer']),
};

export function serverUse(file: SourceFile, use: Node): ServerUse {
  const parent = use.parent;
  if (parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.text === '*') return valueAssignedTo(parent) ? 'timeout' : 'handed';
  if (parent?.type === 'argument_list') return harmlessTaker(file, parent) ? 'neutral' : 'handed';
  if (parent?.type !== 'selector_expression' || parent.childForFieldName('operand')?.id !== use.id) return 'handed';
  const field = parent.childForFieldName('field')?.text ?? '';
  if (READ_TIMEOUTS.includes(field)) {
    const value = valueAssignedTo(parent);
    return value && !isZeroDuration(file, value) ? 'timeout' : 'neutral';
  }
  if (!SERVE_METHODS.has(field)) return 'neutral';
  const call = parent.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== parent.id) return 'serves';
  return (field === 'Serve' || field === 'ServeTLS') && isUnixListener(file, argumentsOf(call)[0]) ? 'unix' : 'serves';
}

function harmlessTaker(file: SourceFile, args: Node): boolean {
  const callee = args.parent?.type === 'call_expression' ? args.parent.childForFieldName('function') : null;
  if (!callee) return false;
  return Object.entries(HARMLESS_TAKERS).some(([path, names]) => names.has(packageMember(file, callee, [path]) ?? ''));
}

const UNIX_NETWORKS = new Set(['"unix"', '"unixpacket"', '`unix`']);

/**
 * A listener seen to be a unix socket: `net.Listen("unix", path)`, `net.ListenUnix(...)`,
 * `lc.Listen(ctx, "unix", path)`, inline or given to a variable of this function. Peers on a unix
 * socket are local processes, not the network.
 */
export function isUnixListener(file: SourceFile, arg: Node | undefined): boolean {
  if (!arg) return false;
  const e = unparen(arg);
  const binding = e.type === 'identifier' ? resolve(file, e) : undefined;
  const values = binding ? (assignedValues(file, binding) ?? []) : [e];
  return values.some((v) => {
    const call = unparen(v);
    if (call.type !== 'call_expression') return false;
    const callee = call.childForFieldName('function');
    const name = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee?.text;
    if (name === 'ListenUnix' && callee && packageMember(file, callee, ['net'])) return true;
    return name !== undefined && /^Listen/.test(name) && argumentsOf(call).some((a) => UNIX_NETWORKS.has(a.text));
  });
}
