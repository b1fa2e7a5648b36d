import type { Node } from 'web-tree-sitter';
import { valueAssignedTo } from '../../src/analysis/assigned-values.js';
import { defineFact } from '../../src/analysis/fact-store.js';
import { resolveInPackage } from '../../src/analysis/package-scope.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { contains, unparen } from '../../src/analysis/syntax.js';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';

/**
 * Whether the connection a dial returns is given a deadline in sight: `conn.SetDeadline(...)` (or
 * SetReadDeadline / SetWriteDeadline) on the variable it is assigned to, on a wrapper built from it in
 * the same function (`tc := tls.Client(conn, cfg)`, `br := bufio.NewReader(conn)` is not one, but the
 * call on `tc` is), or, for a connection kept in a struct field (`&peer{conn: c}`, `p.conn = c`), on
 * that field anywhere in the package (`p.conn.SetReadDeadline(...)` in its read loop).
 */

const SET_DEADLINE = new Set(['SetDeadline', 'SetReadDeadline', 'SetWriteDeadline']);

export function connGetsDeadline(pkg: GoPackage, file: SourceFile, call: Node): boolean {
  const target = receiverOf(call);
  if (!target) return false;
  if (target.type === 'selector_expression') return deadlineFields(pkg).has(target.childForFieldName('field')?.text ?? '');
  return variableGetsDeadline(pkg, file, target, 0);
}

/** The left-hand side given the connection: `conn` in `conn, err := net.Dial(...)`. */
function receiverOf(call: Node): Node | undefined {
  const list = call.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || list.namedChildCount !== 1 || !owner) return undefined;
  let left: Node | undefined;
  if (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') {
    if (owner.childForFieldName('right')?.id !== list.id) return undefined;
    left = owner.childForFieldName('left')?.namedChildren[0];
  } else if (owner.type === 'var_spec') {
    left = owner.childrenForFieldName('name')[0];
  }
  return left && (left.type === 'identifier' || left.type === 'selector_expression') ? left : undefined;
}

function variableGetsDeadline(pkg: GoPackage, file: SourceFile, ident: Node, depth: number): boolean {
  const binding = resolve(file, ident);
  if (!binding || depth > 2) return false;
  for (const use of references(file, binding)) {
    const parent = use.parent;
    if (parent?.type === 'selector_expression' && parent.childForFieldName('operand')?.id === use.id) {
      if (SET_DEADLINE.has(parent.childForFieldName('field')?.text ?? '') && parent.parent?.type === 'call_expression') return true;
      continue;
    }
    if (helperSetsDeadline(pkg, file, use)) return true;
    const field = storedInField(use);
    if (field !== undefined && deadlineFields(pkg).has(field)) return true;
    const wrapper = wrapperOf(use);
    if (wrapper && wrapper.id !== ident.id && variableGetsDeadline(pkg, file, wrapper, depth + 1)) return true;
  }
  return false;
}

/** The use passed to a function of the package whose body sets a deadline on that parameter
 * (`armDeadline(conn, timeout)`). */
function helperSetsDeadline(pkg: GoPackage, file: SourceFile, use: Node): boolean {
  const args = use.parent;
  const call = args?.type === 'argument_list' ? args.parent : undefined;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
  if (callee?.type !== 'identifier') return false;
  const found = resolveInPackage(pkg, file, callee);
  const decl = found?.binding.kind === 'func' ? found.binding.node.parent : undefined;
  if (decl?.type !== 'function_declaration') return false;
  const index = args!.namedChildren.filter((a) => a.type !== 'comment').findIndex((a) => a.id === use.id);
  const names = (decl.childForFieldName('parameters')?.namedChildren ?? []).flatMap((p) => p.childrenForFieldName('name').map((n) => n.text));
  const name = names[index];
  const body = decl.childForFieldName('body')?.text ?? '';
  return name !== undefined && new RegExp(`\\b${name}\\s*\\.\\s*Set(?:Read|Write)?Deadline\\s*\\(`).test(body);
}

/** `f` when the use is stored in a field: `T{f: conn}`, `x.f = conn`; an embedded `net.Conn` is `Conn`. */
function storedInField(use: Node): string | undefined {
  let value = use;
  while (value.parent?.type === 'parenthesized_expression') value = value.parent;
  const parent = value.parent;
  if (parent?.type === 'literal_element' && parent.parent?.type === 'keyed_element') {
    const key = parent.parent.childForFieldName('key');
    if (key?.id !== parent.id) return unparen(key ?? parent).text;
  }
  if (parent?.type === 'keyed_element' && parent.childForFieldName('value')?.id === value.id) return parent.childForFieldName('key')?.text;
  const list = parent?.type === 'expression_list' ? parent : undefined;
  const stmt = list?.parent;
  if (stmt?.type === 'assignment_statement' && stmt.childForFieldName('right')?.id === list!.id) {
    const i = list!.namedChildren.findIndex((n) => n.id === value.id);
    const left = stmt.childForFieldName('left')?.namedChildren[i];
    if (left?.type === 'selector_expression') return left.childForFieldName('field')?.text;
  }
  return undefined;
}

/** The local variable given an expression holding the use: `tc` in `tc := tls.Client(conn, cfg)`. */
function wrapperOf(use: Node): Node | undefined {
  for (let n: Node | null = use.parent; n; n = n.parent) {
    if (n.type === 'expression_list') {
      const owner = n.parent;
      if ((owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement') || owner.childForFieldName('right')?.id !== n.id) return undefined;
      const left = owner.childForFieldName('left')?.namedChildren[0];
      return left?.type === 'identifier' && valueAssignedTo(left) !== undefined && contains(valueAssignedTo(left), use) ? left : undefined;
    }
    if (n.type.endsWith('_statement') || n.type === 'block' || n.type === 'func_literal') return undefined;
  }
  return undefined;
}

/** The fields on which the package sets a deadline: `.conn.SetReadDeadline(`; an embedded `net.Conn`
 * is reached as the struct itself (`c.SetDeadline(`), so any deadline call counts for `Conn`. */
function deadlineFields(pkg: GoPackage): ReadonlySet<string> {
  return pkg.store.get(DEADLINE_FIELDS, pkg);
}

const DEADLINE_FIELDS = defineFact<GoPackage, ReadonlySet<string>>('dial-deadline-fields', (pkg) => {
  const fields = new Set<string>();
  for (const file of pkg.files) {
    if (!file.text.includes('Deadline')) continue;
    for (const m of file.text.matchAll(/\.\s*(\w+)\s*\.\s*Set(?:Read|Write)?Deadline\s*\(/g)) fields.add(m[1]!);
    if (/\.\s*Set(?:Read|Write)?Deadline\s*\(/.test(file.text)) fields.add('Conn');
  }
  return fields;
});
