import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../rule-api.js';
import { isConstant } from './map-uses.js';
import { packageReferences } from './package-scope.js';
import { resolve } from './scopes.js';
import { ancestors, isFunction, unparen } from './syntax.js';
import { typeOf, type TypeRef } from './type-of.js';

/**
 * Whether a memo fill or a counter bump (`keyWrite` kind `fill`) is keyed by a set the program fixes,
 * not by request data. A memo of blocks by hash, of responses by URL, a tally per peer id grows with
 * every distinct key the process is ever asked about; these keep to a fixed set instead:
 * - the value is a handle to a shared resource (a connection, client, dialer, pool, listener,
 *   transport or filesystem): one per backend, size class or mount, which configuration bounds;
 * - the key or the value is a type descriptor (`*rtype`, `ptrType`): one per type of the program;
 * - the key is named like an identifier of the program (`name`, `kind`, `size`, `method`, `fooType`):
 *   codec, metric, type and size-class names come from code, not from callers' data;
 * - the key is an offset into other data (`tab[off:]`): bounded by that data (symbol tables);
 * - the key is a parameter of an unexported function that every caller passes a constant;
 * - the write sits under `if m != nil`: the map exists only in a mode someone switched on (a debug
 *   or leak-on-purpose setting), like a write under a debug constant.
 * `map` is the written map expression, `key` the written key, `value` the map's value type if known.
 */
export function boundedFill(pkg: GoPackage, file: SourceFile, map: Node, key: Node, value: TypeRef | undefined): boolean {
  const chain = ancestors(map);
  const fn = [...chain].reverse().find(isFunction);
  const valueType = valueTypeName(pkg, file, map, value);
  if (HANDLE.test(valueType) || TYPE_DESCRIPTOR.test(valueType) || TYPE_DESCRIPTOR.test(bareName(typeOf(pkg, file, key)))) return true;
  if (storedNames(file, map).some((n) => TYPE_DESCRIPTOR.test(n))) return true;
  if (keyNames(file, key).some((n) => PROGRAM_NAME.test(n))) return true;
  if (fn && isOffset(fn, key)) return true;
  if (fn && constantAtEveryCall(pkg, file, fn, key)) return true;
  return chain.some((n) => n.type === 'if_statement' && n.childForFieldName('condition')?.text.replace(/\s+/g, '') === `${map.text}!=nil`);
}

/** `rtype`, `ptrType`, `Type`: the program's own types, a set as fixed as `reflect.Type` (the reflect caches). */
const TYPE_DESCRIPTOR = /(^|[a-z])[tT]ype$/;

const HANDLE = /(Conn|Client|Dialer|Pool|FS|Filesystem|FileSystem|Listener|Transport)$/;

const PROGRAM_NAME = /^(name|kind|typ|size|level|mode|method|service|scheme|network|proto(col)?)$|[a-z0-9](Name|Kind|Type|Size|Level|Mode|Method|Service|Scheme|Network)$/;

/** The second argument of `m.Store(k, v)`, `m.LoadOrStore(k, v)`, or undefined for an index write. */
function storedValue(map: Node): Node | undefined {
  const call = map.parent?.parent;
  if (map.parent?.type !== 'selector_expression' || call?.type !== 'call_expression') return undefined;
  return call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment')[1];
}

/** What a stored value is called: `&ch.rtype` → `rtype` (a sync.Map's values have no declared type). */
function storedNames(file: SourceFile, map: Node): string[] {
  const v = storedValue(map);
  const e = v && unparen(v);
  if (!e) return [];
  return keyNames(file, e.type === 'unary_expression' ? e.childForFieldName('operand') ?? e : e);
}

/** The bare name of the value type (`*grpc.ClientConn` → `ClientConn`); for a sync.Map, of the stored value. */
function valueTypeName(pkg: GoPackage, file: SourceFile, map: Node, value: TypeRef | undefined): string {
  const stored = value ? undefined : storedValue(map);
  return bareName(value ?? (stored && typeOf(pkg, file, stored)));
}

function bareName(t: TypeRef | undefined): string {
  if (!t) return '';
  const node = t.node.type === 'generic_type' ? t.node.childForFieldName('type') ?? t.node : t.node;
  return node.type === 'qualified_type' ? node.childForFieldName('name')?.text ?? '' : node.text;
}

/** The names a key goes by: `name`, `req.Name` → `Name`, and for a local `k := newKey(fs)` also what it was made from. */
function keyNames(file: SourceFile, key: Node, depth = 0): string[] {
  const e = unparen(key);
  if (e.type === 'selector_expression') return [e.childForFieldName('field')?.text ?? ''];
  if (e.type !== 'identifier') return [];
  const decl = depth === 0 ? resolve(file, e)?.node : undefined;
  const list = decl?.parent;
  if (list?.type !== 'expression_list' || list.parent?.type !== 'short_var_declaration') return [e.text];
  const from = list.parent.childForFieldName('right')?.namedChildren[list.namedChildren.findIndex((n) => n.id === decl!.id)];
  return [e.text, ...(from ? keyNames(file, from, depth + 1) : [])];
}

/** The key slices other data in the function (`tab[off:]`): it is a position in that data, bounded by it. */
function isOffset(fn: Node, key: Node): boolean {
  if (key.type !== 'identifier') return false;
  return fn.descendantsOfType('slice_expression').some((n) =>
    [n.childForFieldName('start'), n.childForFieldName('end')].some((b) => b !== null && (b.text === key.text || b.descendantsOfType('identifier').some((i) => i.text === key.text))),
  );
}

/** `func newConn(base string)` keyed by `base`, and every call in the package is `newConn("server", ...)`. */
function constantAtEveryCall(pkg: GoPackage, file: SourceFile, fn: Node, key: Node): boolean {
  const name = fn.type === 'function_declaration' ? fn.childForFieldName('name')?.text : undefined;
  const binding = key.type === 'identifier' ? resolve(file, key) : undefined;
  if (!name || !/^[a-z_]/.test(name) || binding?.kind !== 'param') return false;
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((p) => p.type === 'parameter_declaration') ?? [];
  const index = params.flatMap((p) => p.childrenForFieldName('name')).findIndex((n) => n.id === binding.node.id);
  if (index < 0) return false;
  const refs = packageReferences(pkg, name);
  return refs.length > 0 && refs.every((r) => {
    const call = r.node.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== r.node.id) return false;
    const arg = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment')[index];
    return isConstant(pkg, r.file, arg);
  });
}
