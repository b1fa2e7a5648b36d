import type { Node } from 'web-tree-sitter';
import { assignedValues } from '../../src/analysis/assigned-values.js';
import { packageMember } from '../../src/analysis/imports.js';
import { resolve } from '../../src/analysis/scopes.js';
import type { LifetimeRow, Touch } from '../../src/analysis/lifetime.js';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';
import { isImportedType, typeOf } from '../../src/analysis/type-of.js';
import { unparen } from '../../src/analysis/syntax.js';

/**
 * The calls that return an `*http.Response` the caller must close, and the row of the lifetime table
 * for it: `resp, err := c.Do(req)`, the resource is `resp` (and `resp.Body`), released by
 * `resp.Body.Close()`; nil when err is not.
 */

const HTTP = ['net/http'];

/** The client methods and how many arguments each takes (a `cache.Get(k, v)` is not one of them). */
const CLIENT_METHODS: Readonly<Record<string, number>> = { Do: 1, Get: 1, Head: 1, Post: 3, PostForm: 2 };

/** How sure we are that the call is an HTTP client call: 'known' (`http.Get`, a receiver typed
 * `*http.Client`, `http.DefaultClient`), 'shape' (a method of that name and arity on a receiver we
 * cannot type: a response only if the caller reads its Body). */
export type ClientCall = { api: string; certainty: 'known' | 'shape' };

export function clientCall(pkg: GoPackage, file: SourceFile, call: Node): ClientCall | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const c = unparen(callee);
  const name = c.type === 'selector_expression' ? c.childForFieldName('field')?.text : c.text;
  const arity = name && Object.hasOwn(CLIENT_METHODS, name) ? CLIENT_METHODS[name] : undefined;
  if (arity === undefined || call.childForFieldName('arguments')?.namedChildCount !== arity) return undefined;
  if (packageMember(file, c, HTTP) === name) return name === 'Do' ? undefined : { api: `http.${name}`, certainty: 'known' };
  if (c.type !== 'selector_expression') return undefined;
  const receiver = c.childForFieldName('operand')!;
  if (packageMember(file, unparen(receiver), HTTP) === 'DefaultClient') return { api: `http.DefaultClient.${name}`, certainty: 'known' };
  if (madeByHttputil(file, receiver)) return undefined;
  const type = typeOf(pkg, file, receiver);
  if (isImportedType(type, 'net/http', 'Client')) return { api: `${receiver.text}.${name}`, certainty: 'known' };
  if (type && type.node.type !== 'qualified_type' && type.node.type !== 'type_identifier') return undefined;
  return { api: `${receiver.text.replace(/\s+/g, '')}.${name}`, certainty: 'shape' };
}

/**
 * A receiver built by net/http/httputil (`httputil.NewClientConn(conn, nil)`): its Do serves a
 * connection the caller takes over with Hijack, and its response body is not the pool's.
 */
function madeByHttputil(file: SourceFile, receiver: Node): boolean {
  const r = unparen(receiver);
  const binding = r.type === 'identifier' ? resolve(file, r) : undefined;
  const values = binding ? (assignedValues(file, binding) ?? []) : [];
  return values.some((v) => {
    const callee = unparen(v).type === 'call_expression' ? unparen(v).childForFieldName('function') : null;
    return callee !== null && packageMember(file, unparen(callee), ['net/http/httputil']) !== undefined;
  });
}

/** Functions that read a body without taking it over: passing `resp.Body` to them releases nothing. */
const BORROWERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['io', ['ReadAll', 'Copy', 'CopyN', 'CopyBuffer', 'ReadFull', 'ReadAtLeast', 'LimitReader', 'TeeReader', 'MultiReader']],
  ['io/ioutil', ['ReadAll']],
  ['encoding/json', ['NewDecoder']],
  ['encoding/xml', ['NewDecoder']],
  ['bufio', ['NewReader', 'NewReaderSize', 'NewScanner']],
  ['net/http/httputil', ['DumpResponse']],
  ['fmt', ['Errorf', 'Printf', 'Sprintf', 'Println', 'Print', 'Sprint', 'Fprintf']],
  ['log', ['Printf', 'Println', 'Print']],
];

/** Methods that read from the reader they are given (`buf.ReadFrom(resp.Body)`). */
const BORROWING_METHODS = new Set(['ReadFrom']);

export function borrows(call: Node, file: SourceFile): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  const c = unparen(callee);
  for (const [path, names] of BORROWERS) {
    const member = packageMember(file, c, [path]);
    if (member !== undefined) return names.includes(member);
  }
  return c.type === 'selector_expression' && BORROWING_METHODS.has(c.childForFieldName('field')?.text ?? '');
}

/** What a use of the response variable does: `resp.Body.Close()` releases, `resp` and `resp.Body` are
 * the resource, anything else (`resp.StatusCode`, `resp.Header.Get`) only looks. */
export function touch(use: Node): Touch {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type !== 'selector_expression' || parent.childForFieldName('operand')?.id !== node.id) return { kind: 'handle', node: use };
  if (parent.childForFieldName('field')?.text !== 'Body') return { kind: 'look' };
  const outer = parent.parent;
  if (outer?.type === 'selector_expression' && outer.childForFieldName('field')?.text === 'Close' && outer.parent?.type === 'call_expression') {
    return { kind: 'release' };
  }
  if (outer?.type === 'selector_expression' || outer?.type === 'call_expression') return { kind: 'look' };
  return { kind: 'handle', node: parent };
}

/** Whether a use reads the Body field (not calls a Body method): evidence the value is a response. */
export function readsBody(use: Node): boolean {
  const parent = use.parent;
  return parent?.type === 'selector_expression' && parent.childForFieldName('field')?.text === 'Body' && parent.parent?.type !== 'call_expression';
}

export const RESPONSE_ROW: LifetimeRow = { result: 0, results: 2, errorResult: 1, touch, borrows };
