import type { Node } from 'web-tree-sitter';
import { argumentsOf } from '../../src/analysis/calls.js';
import { packageMember } from '../../src/analysis/imports.js';
import type { LifetimeRow, Touch } from '../../src/analysis/lifetime.js';
import type { SourceFile } from '../../src/analysis/source.js';
import { ancestors, unparen } from '../../src/analysis/syntax.js';
import { handedToC } from './ownership-comment.js';
import type { Preamble } from './preamble.js';

/**
 * The row of the lifetime table for cgo allocations: `cs := C.CString(s)` (also `C.CBytes`, `C.malloc`,
 * `C.calloc`), one result, released by a call of a C function whose name says it frees
 * (`C.free(unsafe.Pointer(cs))`, a preamble's `C.freeStr(cs)`, `C.rocksdb_free(...)`). The pointer
 * keeps its identity through pointer conversions (`unsafe.Pointer(p)`, `(*C.char)(p)`,
 * `(*[1 << 30]byte)(p)[:n:n]`, `unsafe.Slice((*byte)(p), n)`), so the resource is the outermost of
 * those around a use. Passing it to any other C function lends it for the call (C copies what it
 * keeps) unless a comment says C takes ownership; passing it to a Go function hands it to a helper
 * trusted to free it.
 */

export type AllocApi = 'C.CString' | 'C.CBytes' | 'C.malloc' | 'C.calloc';

const ALLOCATORS = new Set(['CString', 'CBytes', 'malloc', 'calloc']);

/** A file of a cgo package, with what its preambles declare. */
export interface CgoFile {
  file: SourceFile;
  preamble: Preamble;
}

/** Which cgo allocation the call is, if it is one (`C` not shadowed by a local name). */
export function allocCall(file: SourceFile, call: Node): AllocApi | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const name = packageMember(file, unparen(callee), ['C']);
  return name !== undefined && ALLOCATORS.has(name) ? (`C.${name}` as AllocApi) : undefined;
}

/** A C function that releases what it is given: its name says free, release or destroy. */
const RELEASING = /free|release|destroy/i;

/** The name of the C function a call calls (`free` of `C.free(p)`), or undefined for a Go call. */
export function cFunction(file: SourceFile, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  return callee ? packageMember(file, unparen(callee), ['C']) : undefined;
}

/** libc functions that keep the pointer they are given (putenv makes the string part of the
 * environment: freeing it is the bug), so the memory is theirs from the call on. */
export const KEEPS: ReadonlySet<string> = new Set(['putenv']);

/** Whether the C function frees what it is given, or takes it over. */
export function isReleasingC(cx: CgoFile, name: string): boolean {
  return RELEASING.test(name) || KEEPS.has(name) || cx.preamble.releasing.has(name);
}

/** cgo's names for the C numeric types. */
const BASIC_TYPES = new Set(['char', 'schar', 'uchar', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'longlong', 'ulonglong', 'float', 'double', 'size_t', 'uintptr_t', 'intptr_t']);

/** Whether `C.name` is a C type (so `C.name(x)` is a conversion): a cgo type name, a typedef of a preamble. */
function isCType(cx: CgoFile, name: string): boolean {
  return BASIC_TYPES.has(name) || /^(struct|union|enum)_/.test(name) || /_t$/.test(name) || cx.preamble.types.has(name);
}

/**
 * The outermost expression around `expr` that is still the same C pointer: parentheses, pointer
 * conversions (`unsafe.Pointer(p)`, `uintptr(p)`, `(*C.char)(p)`, `(*[n]T)(p)`), `unsafe.Slice` /
 * `unsafe.String` of it, and slices of those views.
 */
export function pointerAround(cx: CgoFile, expr: Node): Node {
  // One walk down from the root instead of a `.parent` per step (each re-descends from the root).
  const chain = ancestors(expr);
  let node = expr;
  for (let i = chain.length - 1; ; i--) {
    const parent = chain[i];
    if (!parent) return node;
    if (parent.type === 'parenthesized_expression') {
      node = parent;
    } else if (parent.type === 'type_conversion_expression' && isPointerType(parent.childForFieldName('type')) && parent.childForFieldName('operand')?.id === node.id) {
      node = parent;
    } else if (parent.type === 'slice_expression' && parent.childForFieldName('operand')?.id === node.id && node.type !== 'identifier') {
      node = parent;
    } else if (parent.type === 'argument_list' && chain[i - 1]?.type === 'call_expression' && isConversionCall(cx, chain[i - 1]!, node)) {
      node = chain[--i]!;
    } else {
      return node;
    }
  }
}

/** `unsafe.Pointer(x)`, `uintptr(x)`, `(*T)(x)`, `unsafe.Slice(x, n)`, `unsafe.String(x, n)` with x first. */
function isConversionCall(cx: CgoFile, call: Node, arg: Node): boolean {
  const args = argumentsOf(call);
  if (args[0]?.id !== arg.id) return false;
  const callee = unparen(call.childForFieldName('function') ?? call);
  const member = packageMember(cx.file, callee, ['unsafe']);
  if (member === 'Pointer') return args.length === 1;
  if (member === 'Slice' || member === 'String') return args.length === 2;
  if (callee.type === 'identifier' && callee.text === 'uintptr') return args.length === 1;
  if (args.length !== 1) return false;
  // `(*C.char)(p)` parses as a call of a parenthesized dereference, `(C.buf_t)(p)` of a parenthesized name.
  const fn = call.childForFieldName('function');
  if (fn?.type === 'parenthesized_expression' && callee.type === 'unary_expression' && callee.text.startsWith('*')) return true;
  const cName = packageMember(cx.file, callee, ['C']);
  return cName !== undefined && (fn?.type === 'parenthesized_expression' || isCType(cx, cName));
}

function isPointerType(type: Node | null): boolean {
  if (!type) return false;
  const t = type.type === 'parenthesized_type' ? type.namedChildren[0] : type;
  return t?.type === 'pointer_type';
}

/** What a use of the variable does: an argument of a releasing C call frees it; else the pointer
 * around the use is the resource, and where it goes decides (lifetime-walk's roles). */
function touch(cx: CgoFile, use: Node): Touch {
  const handle = pointerAround(cx, use);
  const call = handle.parent?.type === 'argument_list' ? handle.parent.parent : null;
  if (call?.type === 'call_expression') {
    const name = cFunction(cx.file, call);
    if (name !== undefined && isReleasingC(cx, name)) return { kind: 'release' };
  }
  // A field or element of the pointed-to memory (`p.len`, `(*[4]C.int)(p)[0]`) only reads it; its
  // address (`&p.parent`, `&view[n]`) is a pointer into the allocation, which carries it where it goes.
  const parent = handle.parent;
  if (parent?.type === 'selector_expression' || parent?.type === 'index_expression') {
    if (parent.childForFieldName('operand')?.id !== handle.id) return { kind: 'look' };
    let n: Node = parent;
    while (n.parent?.type === 'parenthesized_expression') n = n.parent;
    const address = n.parent;
    return address?.type === 'unary_expression' && address.child(0)?.type === '&' ? { kind: 'handle', node: pointerAround(cx, address) } : { kind: 'look' };
  }
  return { kind: 'handle', node: handle };
}

/** Builtins and printers that read a pointer without taking it over. */
const BORROWING_BUILTINS = new Set(['copy', 'len', 'cap', 'print', 'println']);

/** A call that only uses the pointer: any C function (which copies what it keeps) without a comment
 * handing it over, and `copy(dst, view)`-like builtins. */
function borrows(cx: CgoFile, call: Node): boolean {
  const name = cFunction(cx.file, call);
  if (name !== undefined) return !handedToC(cx.file, call);
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' && BORROWING_BUILTINS.has(callee.text);
}

/** The row, for one file (touch needs the file to resolve `C` and `unsafe`, and its package's preambles). */
export function cgoRow(cx: CgoFile, results = 1): LifetimeRow {
  return { result: 0, results, touch: (use) => touch(cx, use), borrows: (call) => borrows(cx, call) };
}
