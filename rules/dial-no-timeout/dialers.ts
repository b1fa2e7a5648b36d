import type { Node } from 'web-tree-sitter';
import { assignedValues } from '../../src/analysis/assigned-values.js';
import { packageMember } from '../../src/analysis/imports.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { fieldAssigned, isZeroDuration, literalFields } from '../../src/analysis/struct-fields.js';
import { unparen } from '../../src/analysis/syntax.js';
import { importedTypeName, typeRef } from '../../src/analysis/type-of.js';
import type { SourceFile } from '../../src/rule-api.js';

/**
 * Whether a `net.Dialer` value is seen to have nothing that bounds a dial: no non-zero Timeout, no
 * Deadline, no Cancel channel. Only what is in sight counts: the literal itself (`&net.Dialer{}`,
 * `new(net.Dialer)`), or a local variable whose every value is one (`var d net.Dialer`, `d :=
 * net.Dialer{KeepAlive: ...}`) and that is never given a bound later (`d.Timeout = ...`) nor handed to
 * code out of sight (`configure(&d)`). A dialer kept in a field or a parameter is someone else's to judge.
 */

/** net.Dialer's fields in declaration order, for unkeyed literals. */
const DIALER_FIELDS = ['Timeout', 'Deadline', 'LocalAddr', 'DualStack', 'FallbackDelay', 'KeepAlive'];
/** The fields that bound a dial: a timeout, an absolute deadline, a channel that cancels it. */
const BOUNDS = ['Timeout', 'Deadline', 'Cancel'];
/** What a use of the dialer variable may be without handing it out of sight. */
const DIAL_METHODS = new Set(['Dial', 'DialContext', 'KeepAlive', 'LocalAddr', 'Resolver', 'Control']);

export function unboundedDialer(file: SourceFile, expr: Node): boolean {
  const e = unparen(expr);
  const operand = e.type === 'unary_expression' && e.childForFieldName('operator')?.text === '&' ? unparen(e.childForFieldName('operand') ?? e) : e;
  if (operand.type === 'identifier') return unboundedVariable(file, operand);
  return unboundedValue(file, e);
}

function unboundedValue(file: SourceFile, expr: Node): boolean {
  let e = unparen(expr);
  if (e.type === 'unary_expression' && e.childForFieldName('operator')?.text === '&') e = unparen(e.childForFieldName('operand') ?? e);
  if (e.type === 'call_expression') {
    const callee = e.childForFieldName('function');
    const arg = e.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment');
    return callee?.type === 'identifier' && callee.text === 'new' && !resolve(file, callee) && arg?.length === 1 && isDialerType(file, arg[0]!);
  }
  if (e.type !== 'composite_literal' || !isDialerType(file, e.childForFieldName('type'))) return false;
  const fields = literalFields(e, DIALER_FIELDS);
  return BOUNDS.every((f) => {
    const v = fields.get(f);
    return v === undefined || (f === 'Timeout' && isZeroDuration(file, v));
  });
}

function unboundedVariable(file: SourceFile, ident: Node): boolean {
  const binding = resolve(file, ident);
  if (!binding || binding.kind !== 'var' || binding.scope.kind === 'package') return false;
  const values = assignedValues(file, binding) ?? [];
  const declared = binding.node.parent;
  const zeroValue = declared?.type === 'var_spec' && !declared.childForFieldName('value') && isDialerType(file, declared.childForFieldName('type'), false);
  if (!zeroValue && values.length === 0) return false;
  if (!values.every((v) => unboundedValue(file, v))) return false;
  return references(file, binding).every((use) => !boundLater(use));
}

/** A use that may give the dialer a bound: a bounding field assigned, or the dialer handed anywhere
 * (`configure(&d)`, `s.dialer = d`) other than to a dial. */
function boundLater(use: Node): boolean {
  const parent = use.parent;
  if (parent?.type === 'selector_expression' && parent.childForFieldName('operand')?.id === use.id) {
    const field = parent.childForFieldName('field')?.text ?? '';
    if (BOUNDS.some((f) => fieldAssigned(use, f))) return true;
    return !DIAL_METHODS.has(field) && !BOUNDS.includes(field);
  }
  if (parent?.type === 'expression_list' && parent.parent?.type === 'short_var_declaration' && parent.parent.childForFieldName('left')?.id === parent.id) return false;
  if (parent?.type === 'expression_list' && parent.parent?.type === 'assignment_statement' && parent.parent.childForFieldName('left')?.id === parent.id) return false;
  // `tls.DialWithDialer(&d, ...)` dials with it; anything else takes it away.
  const arg = parent?.type === 'unary_expression' ? parent : use;
  const call = arg.parent?.parent;
  return !(arg.parent?.type === 'argument_list' && call?.type === 'call_expression' && /\bDialWithDialer$/.test(call.childForFieldName('function')?.text ?? ''));
}

function isDialerType(file: SourceFile, type: Node | null | undefined, pointerToo = true): boolean {
  const ref = typeRef(file, type);
  return ref !== undefined && (pointerToo || !ref.pointer) && importedTypeName(ref, 'net') === 'Dialer';
}

/** `context.Background()` or `context.TODO()`: a context that never ends. */
export function neverEnds(file: SourceFile, expr: Node | undefined): boolean {
  const e = expr ? unparen(expr) : undefined;
  const callee = e?.type === 'call_expression' ? e.childForFieldName('function') : null;
  const member = callee ? packageMember(file, callee, ['context']) : undefined;
  return member === 'Background' || member === 'TODO';
}
