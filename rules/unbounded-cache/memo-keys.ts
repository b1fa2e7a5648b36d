import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { declaringFunction, resolve } from '../../src/analysis/scopes.js';
import { receiverTypeName } from '../../src/analysis/package-scope.js';
import { ancestors, unparen } from '../../src/analysis/syntax.js';
import { typeOf, type TypeRef } from '../../src/analysis/type-of.js';
import type { CacheWords } from './vocabulary.js';

/**
 * Whether a memo fill or a counter bump (`keyWrite` kind `fill`) is keyed by request data, so that it
 * grows with every distinct key the process is ever asked about: a block memo by hash, a response memo
 * by URL, a tally per peer id. Most memos in real code are keyed by what the program itself names
 * (types, codec and metric names, trace families, size classes, time zones, instrumentation
 * libraries, databases it was configured with), so a fill counts only with evidence:
 * - the key is named for request data: a word of it (`txHash`, `peerID`, `r.RemoteAddr`, or of the
 *   expression a local key was made from) is in `request-words` (a hash, id, URL, address, peer, ...,
 *   see vocabulary.ts); or it is a parameter named in `key-params` (a generic memo helper keyed by
 *   whatever callers bring);
 * and none of these bounds it:
 * - the value is a handle to a shared resource (its type name ends with a `handle-types` entry: a
 *   connection, client, pool, ...): one per backend address or mount, which configuration bounds;
 * - the write sits under `if m != nil`: the map exists only in a mode someone switched on (a debug
 *   or leak-on-purpose setting), like a write under a debug constant.
 * `map` is the written map expression, `key` the written key, `value` the map's value type if known.
 */
export function requestKeyedFill(words: CacheWords, pkg: GoPackage, file: SourceFile, map: Node, key: Node, value: TypeRef | undefined, memo = false): boolean {
  if (!requestKey(words, file, key) && !(memo && callerKey(file, key))) return false;
  if (words.endsWith('handle-types', valueTypeName(pkg, file, map, value))) return false;
  return !ancestors(map).some((n) => n.type === 'if_statement' && n.childForFieldName('condition')?.text.replace(/\s+/g, '') === `${map.text}!=nil`);
}

/**
 * A memo key (not a tally's) that callers hand in: it is, or a local made from, a parameter of an
 * exported function or an exported method of an exported type (`Topic(name string)`, `ReporterForCluster(cluster, service string)`),
 * or read from the `*http.Request` of a handler. One entry is memoised per distinct key any caller
 * ever asks about, whatever the key is called. Tallies (`m[k]++`) are left to the vocabulary: an
 * exported `Inc(name)` is mostly keyed by metric names the program itself spells.
 */
function callerKey(file: SourceFile, key: Node): boolean {
  return keyNames(file, unparen(key)).some((ident) => {
    const binding = resolve(file, ident);
    if (binding?.kind !== 'param') return false;
    const decl = binding.node.parent;
    if (/\bhttp\.Request\b/.test(decl?.childForFieldName('type')?.text ?? '')) return true;
    const fn = declaringFunction(binding);
    if (fn?.type !== 'method_declaration' && fn?.type !== 'function_declaration') return false;
    // An exported method of an unexported type is the package's own plumbing, called by its own code.
    if (fn.type === 'method_declaration' && !/^[A-Z]/.test(receiverTypeName(fn) ?? '')) return false;
    return /^[A-Z]/.test(fn.childForFieldName('name')?.text ?? '');
  });
}

/** The identifiers a key is made of: itself, the operand of a selector (`msg.Topic`), or, for a local
 * `k := ns + "/" + id`, the identifiers of what it was made from (one level). */
function keyNames(file: SourceFile, key: Node, depth = 0): Node[] {
  if (key.type === 'selector_expression' && key.parent?.type !== 'call_expression') return keyNames(file, unparen(key.childForFieldName('operand')!), depth);
  if (key.type !== 'identifier') return key.descendantsOfType('identifier').filter((n) => !isFieldKey(n));
  const decl = depth === 0 ? resolve(file, key)?.node : undefined;
  const list = decl?.parent;
  if (list?.type !== 'expression_list' || list.parent?.type !== 'short_var_declaration') return [key];
  const from = list.parent.childForFieldName('right')?.namedChildren[list.namedChildren.findIndex((n) => n.id === decl!.id)];
  // A struct key built from several names (`tracerKey{Name: name, Version: v}`) identifies a thing the
  // code declares (an instrumentation library, a codec); left to the vocabulary.
  if (from?.type === 'composite_literal' || (from?.type === 'unary_expression' && from.childForFieldName('operand')?.type === 'composite_literal')) return [];
  return from ? [key, ...keyNames(file, unparen(from), depth + 1)] : [key];
}

function requestKey(words: CacheWords, file: SourceFile, key: Node): boolean {
  const e = unparen(key);
  if (e.type === 'identifier' && words.has('key-params', e.text) && resolve(file, e)?.kind === 'param') return true;
  return keyWords(file, e).some((w) => words.has('request-words', w));
}

/**
 * The lower-case words of the names in a key (`peerID` → `peer`, `id`; `tx.Hash` → `tx`, `hash`), and
 * for a local `k := makeKey(addr, n)` also of the names it was made from. Field names of a composite
 * literal and methods called on a value (`c.SchemaURL()`) are not the key's own names and are left out.
 */
function keyWords(file: SourceFile, key: Node, depth = 0): string[] {
  const names = key.type === 'identifier' ? [key] : key.descendantsOfType('identifier').filter((n) => !isFieldKey(n));
  if (key.type === 'selector_expression' && key.parent?.type !== 'call_expression') names.push(key.childForFieldName('field')!);
  const words = names.flatMap((n) => splitWords(n.text));
  if (depth > 0 || key.type !== 'identifier') return words;
  const decl = resolve(file, key)?.node;
  const list = decl?.parent;
  if (list?.type !== 'expression_list' || list.parent?.type !== 'short_var_declaration') return words;
  const from = list.parent.childForFieldName('right')?.namedChildren[list.namedChildren.findIndex((n) => n.id === decl!.id)];
  return from ? [...words, ...keyWords(file, from, depth + 1)] : words;
}

/** `Name` in `T{Name: v}`: a field of the literal, not a name the key is made from. */
function isFieldKey(ident: Node): boolean {
  const element = ident.parent;
  return element?.type === 'literal_element' && element.parent?.type === 'keyed_element' && element.parent.childForFieldName('key')?.id === element.id;
}

export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // `HTTPServer` → `HTTP Server`. A lookahead, not `([A-Z]+)([A-Z][a-z])`, which backtracks from every
    // capital of a long run of capitals (quadratic on a 1 MiB name); the two split the same places.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The bare name of the value type (`*grpc.ClientConn` → `ClientConn`); for a sync.Map, of the stored value. */
function valueTypeName(pkg: GoPackage, file: SourceFile, map: Node, value: TypeRef | undefined): string {
  const call = map.parent?.parent;
  const stored = !value && map.parent?.type === 'selector_expression' && call?.type === 'call_expression' ? call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment')[1] : undefined;
  const t = value ?? (stored && typeOf(pkg, file, stored));
  if (!t) return '';
  const node = t.node.type === 'generic_type' ? t.node.childForFieldName('type') ?? t.node : t.node;
  return node.type === 'qualified_type' ? node.childForFieldName('name')?.text ?? '' : node.text;
}
