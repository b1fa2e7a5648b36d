import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { packageMember } from '../../src/analysis/imports.js';
import { resolveInPackage } from '../../src/analysis/package-scope.js';
import { mayBeWritten } from './written-names.js';
import { declaringFunction, resolve } from '../../src/analysis/scopes.js';
import { ancestors, contains, isFunction, isImmediatelyCalled, statementsOf, unparen } from '../../src/analysis/syntax.js';
import { importedTypeName, isImportedType, localTypeSpec, typeOf, type TypeRef } from '../../src/analysis/type-of.js';

/**
 * What one use of a map (a plain `map[K]V` or a `sync.Map`) does to its size: `m[k] = v` and
 * `m.Store(k, v)` may add an entry; `delete(m, k)`, `clear(m)`, `m.Delete(k)` and assigning a new map
 * to `m` remove entries; `len(m)`, `m[k]`, `range m` and `m.Load(k)` only read. Any use that lets the
 * map reach code we do not follow (an alias, an argument to an unknown function, a return value, a
 * field of a literal) is an escape: whoever receives it may delete from it.
 */
export type MapUse = 'add' | 'shrink' | 'read' | 'escape';

const SYNC_MAP_ADD = new Set(['Store', 'LoadOrStore', 'Swap']);
const SYNC_MAP_SHRINK = new Set(['Delete', 'LoadAndDelete', 'CompareAndDelete', 'Clear']);
const SYNC_MAP_READ = new Set(['Load', 'Range', 'CompareAndSwap']);

/** Packages whose functions only read a map handed to them (printing, encoding, sorting, copying out). */
const READER_PACKAGES = ['fmt', 'log', 'encoding/json', 'reflect', 'sort', 'slices', 'strings', 'errors'];

const RELATIONAL = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** `expr` is the map itself: an identifier or a field selector (`s.peers`). */
export function mapUse(file: SourceFile, expr: Node): MapUse {
  const chain = ancestors(expr);
  let child = expr;
  let i = chain.length - 1;
  while (i >= 0 && chain[i]!.type === 'parenthesized_expression') child = chain[i--]!;
  const parent = chain[i];
  if (!parent) return 'escape';
  switch (parent.type) {
    case 'index_expression':
      return parent.childForFieldName('operand')?.id === child.id && isAssigned(parent, chain[i - 1], chain[i - 2]) ? 'add' : 'read';
    case 'selector_expression':
      return syncMapMethod(parent, chain[i - 1]);
    case 'argument_list':
      return argumentUse(file, child, chain[i - 1]);
    case 'expression_list':
      return isAssigned(child, parent, chain[i - 1]) ? 'shrink' : 'escape';
    case 'range_clause':
    case 'slice_expression':
    case 'expression_statement':
      return 'read';
    case 'binary_expression':
      return RELATIONAL.has(parent.childForFieldName('operator')?.text ?? '') ? 'read' : 'escape';
    default:
      return 'escape';
  }
}

/** Whether `target` (inside `list`, inside `stmt`) is written by an assignment or `++`/`--`. */
function isAssigned(target: Node, list: Node | undefined, stmt: Node | undefined): boolean {
  if (list?.type === 'inc_statement' || list?.type === 'dec_statement') return true;
  if (list?.type !== 'expression_list' || !stmt) return false;
  if (stmt.type !== 'assignment_statement' && stmt.type !== 'short_var_declaration') return false;
  return stmt.childForFieldName('left')?.id === list.id && list.namedChildren.some((c) => c.id === target.id);
}

function syncMapMethod(selector: Node, call: Node | undefined): MapUse {
  const name = selector.childForFieldName('field')?.text ?? '';
  if (call?.type !== 'call_expression') return 'escape';
  if (SYNC_MAP_ADD.has(name)) return 'add';
  if (SYNC_MAP_SHRINK.has(name)) return 'shrink';
  return SYNC_MAP_READ.has(name) ? 'read' : 'escape';
}

/** The map passed to a call: the builtins and a few standard packages are known; anything else may delete. */
function argumentUse(file: SourceFile, arg: Node, call: Node | undefined): MapUse {
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (!callee) return 'escape';
  const first = call!.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment');
  if (callee.type === 'identifier' && !resolve(file, callee)) {
    if (callee.text === 'delete' || callee.text === 'clear') return first?.id === arg.id ? 'shrink' : 'read';
    if (callee.text === 'len' || callee.text === 'cap' || callee.text === 'print' || callee.text === 'println') return 'read';
  }
  const maps = packageMember(file, callee, ['maps', 'golang.org/x/exp/maps']);
  if (maps === 'DeleteFunc' || maps === 'Clear') return 'shrink';
  if (maps === 'Copy') return first?.id === arg.id ? 'add' : 'read';
  if (maps !== undefined) return 'read';
  return packageMember(file, callee, READER_PACKAGES) !== undefined ? 'read' : 'escape';
}

/**
 * What a write (`m[k] = v`, `m[k]++`, `m.Store(k, v)`; `map` is the `m` of it) does to the key set:
 * - `known`: it cannot add a key: the key is a constant or a `reflect.Type` (a set fixed by the
 *   program), it comes from ranging over the same map, or the write sits in the branch where a lookup
 *   of the same key succeeded (`if _, ok := m[k]; ok { m[k] = v }`) or after the branch that returns
 *   when it missed (`if !ok { return }`);
 * - `fill`: it adds a key the function first looked up and missed (`if v, ok := m[k]; ok { return v }`
 *   then `m[k] = v`, `LoadOrStore`), or it bumps a counter (`m[k]++`, `m[k] += n`): a memo or a tally,
 *   bounded by the keys callers bring, which may be a fixed set or request data;
 * - `new`: anything else.
 */
export type KeyWrite = { kind: 'known' } | { kind: 'fill' | 'new'; key: Node; counter?: boolean };

export function keyWrite(pkg: GoPackage, file: SourceFile, map: Node): KeyWrite {
  const chain = ancestors(map);
  const parent = chain[chain.length - 1];
  const call = chain[chain.length - 2];
  const indexed = parent?.type === 'index_expression';
  const key = indexed ? parent.childForFieldName('index') : call?.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'comment');
  if (!key || isConstant(pkg, file, key) || isReflectType(pkg, file, key) || rangesOver(pkg, file, key, map)) return { kind: 'known' };
  if (insideHit(chain, map.text, key.text) || afterMissReturns(chain, map.text, key.text)) return { kind: 'known' };
  if (capturedByHandler(file, key, chain) || insideRangeOfValue(file, chain, map.text, key.text)) return { kind: 'known' };
  if (!indexed && parent?.childForFieldName('field')?.text === 'LoadOrStore') return { kind: 'fill', key };
  const statement = chain[chain.length - 3];
  if (indexed && (call?.type === 'inc_statement' || call?.type === 'dec_statement' || isCompound(statement))) return { kind: 'fill', key, counter: true };
  // The lookup may sit outside a deferred or immediately called literal that writes
  // (`defer func() { m.Store(k, v) }()`): look in the function the write runs as part of.
  const fn = runsIn(chain);
  return { kind: fn && looksUp(fn, map.text, key.text, statement) ? 'fill' : 'new', key };
}

/**
 * The key is a variable of the function that built an HTTP handler literal, and the write runs in
 * that handler (`func Wrap(next http.Handler, target string) http.Handler { return
 * http.HandlerFunc(func(w, r) { m[target] = ... }) }`): every request the handler serves writes the
 * one key it was built with, so the map holds one entry per handler built (per configured target).
 */
function capturedByHandler(file: SourceFile, key: Node, chain: Node[]): boolean {
  const e = unparen(key);
  const literal = [...chain].reverse().find(isFunction);
  if (e.type !== 'identifier' || literal?.type !== 'func_literal') return false;
  const params = literal.childForFieldName('parameters')?.text ?? '';
  if (!/\bhttp\.(ResponseWriter|Request)\b/.test(params)) return false;
  const binding = resolve(file, e);
  const declaredIn = binding && declaringFunction(binding);
  return declaredIn !== undefined && declaredIn.id !== literal.id && (binding!.kind === 'param' || binding!.kind === 'var') && !contains(literal, binding!.node);
}

/**
 * The write sits in a loop over the value the same key holds (`v := m[k]; for i := range v { m[k] = v[i:] }`,
 * `for ... range m[k]`): a missing key holds an empty value, the loop does not run, so only a key already
 * there is written.
 */
function insideRangeOfValue(file: SourceFile, chain: Node[], mapText: string, keyText: string): boolean {
  return chain.some((n) => {
    const clause = n.type === 'for_statement' ? n.namedChildren.find((c) => c.type === 'range_clause') : undefined;
    const right = clause?.childForFieldName('right');
    if (!right) return false;
    const r = unparen(right);
    if (isLookup(r, mapText, keyText)) return true;
    const decl = r.type === 'identifier' ? resolve(file, r)?.node : undefined;
    const list = decl?.parent;
    if (list?.type !== 'expression_list' || list.parent?.type !== 'short_var_declaration') return false;
    const from = list.parent.childForFieldName('right')?.namedChildren[list.namedChildren.findIndex((x) => x.id === decl!.id)];
    return from !== undefined && isLookup(unparen(from), mapText, keyText);
  });
}

/** The innermost function of the chain, passing over literals called or deferred on the spot. */
function runsIn(chain: Node[]): Node | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i]!;
    if (isFunction(n) && !(n.type === 'func_literal' && isImmediatelyCalled(n))) return n;
  }
  return undefined;
}

/** The write is in the `then` branch of `if v, ok := m[k]; ok` (or `m.Load(k)`): the key is already there. */
function insideHit(chain: Node[], mapText: string, keyText: string): boolean {
  return chain.some((n, i) => {
    if (n.type !== 'if_statement' || chain[i + 1]?.id !== n.childForFieldName('consequence')?.id) return false;
    const init = n.childForFieldName('initializer');
    const ok = init?.type === 'short_var_declaration' ? init.childForFieldName('left')?.namedChildren[1]?.text : undefined;
    const lookup = init?.childForFieldName('right')?.namedChild(0);
    const condition = n.childForFieldName('condition');
    return ok !== undefined && condition !== null && requires(condition, ok) && lookup !== null && lookup !== undefined && isLookup(lookup, mapText, keyText);
  });
}

/**
 * An earlier `if !ok { return }` in an enclosing block, where `ok` reports a lookup of the same key
 * (`if _, ok := m[k]; !ok { return }`, or `v, ok := m[k]` before it): only a key already there is written.
 */
function afterMissReturns(chain: Node[], mapText: string, keyText: string): boolean {
  const enclosing = new Set(chain.map((n) => n.id));
  const write = chain[chain.length - 1]!;
  const fn = [...chain].reverse().find(isFunction);
  return (fn?.descendantsOfType('if_statement') ?? []).some((n) => {
    if (n.endIndex > write.startIndex || !n.parent || !enclosing.has(n.parent.id)) return false;
    const condition = n.childForFieldName('condition');
    const ok = condition?.type === 'unary_expression' && condition.child(0)?.text === '!' ? condition.childForFieldName('operand')?.text : undefined;
    const consequence = n.childForFieldName('consequence');
    const last = consequence ? statementsOf(consequence).filter((c) => c.type !== 'comment').pop() : undefined;
    if (!ok || (last?.type !== 'return_statement' && last?.type !== 'continue_statement')) return false;
    const binders = [n.childForFieldName('initializer'), ...fn!.descendantsOfType('short_var_declaration')];
    return binders.some((d) => {
      if (d?.type !== 'short_var_declaration' || d.childForFieldName('left')?.namedChildren[1]?.text !== ok) return false;
      const lookup = d.childForFieldName('right')?.namedChild(0);
      return lookup !== null && lookup !== undefined && isLookup(lookup, mapText, keyText);
    });
  });
}

/** `ok`, `ok && v != nil`: the condition holds only if `name` is true. */
function requires(condition: Node, name: string): boolean {
  const e = unparen(condition);
  if (e.type !== 'binary_expression' || e.childForFieldName('operator')?.text !== '&&') return e.text === name;
  return [e.childForFieldName('left'), e.childForFieldName('right')].some((side) => side !== null && requires(side, name));
}

function isLookup(n: Node, mapText: string, keyText: string): boolean {
  if (n.type === 'index_expression') return n.childForFieldName('operand')?.text === mapText && n.childForFieldName('index')?.text === keyText;
  const callee = n.type === 'call_expression' ? n.childForFieldName('function') : null;
  if (callee?.type !== 'selector_expression' || callee.childForFieldName('field')?.text !== 'Load') return false;
  const first = n.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'comment');
  return callee.childForFieldName('operand')?.text === mapText && first?.text === keyText;
}

/** A literal, or a name of a package-level constant. */
export function isConstant(pkg: GoPackage, file: SourceFile, expr: Node | null | undefined): boolean {
  const e = expr && unparen(expr);
  if (!e) return false;
  if (e.type.endsWith('_literal') && e.type !== 'composite_literal' && e.type !== 'func_literal') return true;
  return e.type === 'identifier' && resolveInPackage(pkg, file, e)?.binding.kind === 'const';
}

/** `reflect.TypeOf(v)`, a value of declared type reflect.Type, or a local `t := reflect.TypeOf(v)`. */
function isReflectType(pkg: GoPackage, file: SourceFile, expr: Node, depth = 0): boolean {
  const e = unparen(expr);
  const callee = e.type === 'call_expression' ? e.childForFieldName('function') : null;
  if (callee && packageMember(file, callee, ['reflect']) === 'TypeOf') return true;
  if (isImportedType(typeOf(pkg, file, e), 'reflect', 'Type')) return true;
  const decl = e.type === 'identifier' && depth === 0 ? resolve(file, e)?.node : undefined;
  const list = decl?.parent;
  if (list?.type !== 'expression_list' || list.parent?.type !== 'short_var_declaration') return false;
  const value = list.parent.childForFieldName('right')?.namedChildren[list.namedChildren.findIndex((n) => n.id === decl!.id)];
  return value !== undefined && isReflectType(pkg, file, value, depth + 1);
}

/** `for k := range m { m[k] = ... }`, `m.Range(func(k, v any) bool { m.Store(k, ...) })`: the key is one
 * the map already holds. */
function rangesOver(pkg: GoPackage, file: SourceFile, key: Node, map: Node): boolean {
  const binding = key.type === 'identifier' ? resolve(file, key) : undefined;
  if (binding?.kind === 'range') {
    const clause = binding.node.parent?.parent;
    const right = clause?.type === 'range_clause' ? clause.childForFieldName('right') : null;
    return right !== null && right !== undefined && (right.text === map.text || isFixedTable(pkg, file, right));
  }
  if (binding?.kind !== 'param') return false;
  const chain = ancestors(binding.node);
  const literal = [...chain].reverse().find(isFunction);
  const call = literal && chain[chain.indexOf(literal) - 2];
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  return callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Range' && callee.childForFieldName('operand')?.text === map.text;
}

/**
 * A package-level variable initialised with a composite literal (`var chains = []string{"a", "b"}`)
 * that nothing in the package writes to: a table the code declares, so keys drawn from it are a fixed set.
 */
function isFixedTable(pkg: GoPackage, file: SourceFile, expr: Node): boolean {
  const e = unparen(expr);
  if (e.type !== 'identifier') return false;
  const found = resolveInPackage(pkg, file, e);
  if (found?.binding.kind !== 'var' || found.binding.scope.kind !== 'package') return false;
  const spec = found.binding.node.parent;
  const values = spec?.type === 'var_spec' ? spec.childForFieldName('value') : null;
  const index = spec?.childrenForFieldName('name').findIndex((n) => n.id === found.binding.node.id) ?? -1;
  const value = values?.type === 'expression_list' ? values.namedChildren[index] : undefined;
  return value?.type === 'composite_literal' && !mayBeWritten(pkg, e.text);
}

function isCompound(statement: Node | undefined): boolean {
  const op = statement?.type === 'assignment_statement' ? statement.childForFieldName('operator')?.text : undefined;
  return op !== undefined && op !== '=';
}

/** A read of `map[key]` (or `map.Load(key)`) in the function, outside the writing statement. */
function looksUp(fn: Node, mapText: string, keyText: string, statement: Node | undefined): boolean {
  const outside = (n: Node) => !statement || n.startIndex < statement.startIndex || n.endIndex > statement.endIndex;
  return fn.descendantsOfType(['index_expression', 'call_expression']).some((n) => outside(n) && isLookup(n, mapText, keyText));
}

/**
 * Keys drawn from a set fixed by the program: `reflect.Type` (one entry per Go type, the
 * encoding/json cache), `reflect.Kind`, `bool`, one-byte integers, and enums (a named type of this
 * package with constants declared of it).
 */
export function boundedKeyType(pkg: GoPackage, key: TypeRef): boolean {
  const reflect = importedTypeName(key, 'reflect');
  if (reflect === 'Type' || reflect === 'Kind') return true;
  if (key.node.type !== 'type_identifier') return false;
  if (['bool', 'byte', 'uint8', 'int8'].includes(key.node.text)) return true;
  return localTypeSpec(pkg, key.node.text) !== undefined && hasConstantsOf(pkg, key.node.text);
}

function hasConstantsOf(pkg: GoPackage, typeName: string): boolean {
  return pkg.files.some((file) =>
    file.tree.rootNode.namedChildren.some(
      (top) => top.type === 'const_declaration' && top.descendantsOfType('const_spec').some((s) => s.childForFieldName('type')?.text === typeName),
    ),
  );
}
