import type { Node } from 'web-tree-sitter';
import { packageMember } from '../../src/analysis/imports.js';
import { unparen } from '../../src/analysis/syntax.js';
import type { SourceFile } from '../../src/rule-api.js';

/**
 * A duration written with constants (`time.Second`, `10 * time.Millisecond`, `time.Duration(5) *
 * time.Second`) in nanoseconds; undefined for anything computed at run time. A timer of at most a second
 * is gone a second after it was made, so the timers a loop keeps are bounded by what it does in that second.
 */

const UNITS: Readonly<Record<string, number>> = { Nanosecond: 1, Microsecond: 1e3, Millisecond: 1e6, Second: 1e9, Minute: 6e10, Hour: 3.6e12 };
export const SHORT = 1e9;

/** Finds the value of a package constant named by an identifier, and the file it is written in. */
export type ConstResolver = (ident: Node) => { file: SourceFile; node: Node } | undefined;

export function constantDuration(file: SourceFile, expr: Node, resolveConst?: ConstResolver, depth = 0): number | undefined {
  if (depth > 16) return undefined;
  const e = unparen(expr);
  if (e.type === 'identifier') {
    const value = resolveConst?.(e);
    return value ? constantDuration(value.file, value.node, resolveConst, depth + 1) : undefined;
  }
  if (e.type === 'int_literal' || e.type === 'float_literal') {
    const n = Number(e.text.replace(/_/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (e.type === 'selector_expression') {
    const unit = packageMember(file, e, ['time']);
    return unit !== undefined ? UNITS[unit] : undefined;
  }
  if (e.type === 'binary_expression' && e.childForFieldName('operator')?.text === '*') {
    const l = e.childForFieldName('left');
    const r = e.childForFieldName('right');
    const a = l ? constantDuration(file, l, resolveConst, depth + 1) : undefined;
    const b = r ? constantDuration(file, r, resolveConst, depth + 1) : undefined;
    return a !== undefined && b !== undefined ? a * b : undefined;
  }
  if (e.type === 'call_expression') {
    const callee = e.childForFieldName('function');
    const args = e.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (callee && packageMember(file, callee, ['time']) === 'Duration' && args.length === 1) return constantDuration(file, args[0]!, resolveConst, depth + 1);
  }
  return undefined;
}
