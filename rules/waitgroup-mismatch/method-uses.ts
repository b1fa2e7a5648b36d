import type { Node } from 'web-tree-sitter';
import { defineFact } from '../../src/analysis/fact-store.js';
import type { GoPackage } from '../../src/rule-api.js';
import { packageReferences } from '../../src/analysis/package-scope.js';
import { references } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';
import { typeOf } from '../../src/analysis/type-of.js';
import { calledMethod, type TypedCall, type Where } from './typed-calls.js';

/**
 * Could some method be called on a value anywhere in the package ("is Add ever called on this
 * WaitGroup?")? Answered "no" only where every use can be seen: an unexported variable created in
 * the package (`var wg sync.WaitGroup`, `&T{}`, `new(T)`) whose every use is a call of a known
 * method, or an unexported value field (not a pointer that may be shared) that no file of the
 * package mentions other than as `.field.known(`. Anything else (a parameter, an exported name,
 * a value passed, assigned or whose address is taken) may be called on where it went: "maybe".
 */
export function mayBeCalled(where: Where, site: TypedCall, sought: ReadonlySet<string>, known: readonly string[]): boolean {
  const id = site.id;
  if (typeof id.key === 'string') return fieldMayBeCalled(where, site, known);
  const binding = id.key;
  if (binding.kind !== 'var' || /^[A-Z]/.test(binding.name) || !id.root || !createdAtDeclaration(id.root.binding.node)) return true;
  const uses = binding.scope.kind === 'package' ? packageReferences(where.pkg, binding.name).map((r) => r.node) : references(id.root.file, binding);
  return uses.some((use) => {
    const method = calledMethod(use);
    return method === undefined || sought.has(method);
  });
}

function fieldMayBeCalled(where: Where, site: TypedCall, known: readonly string[]): boolean {
  const field = site.id.field;
  if (!field?.owner || /^[A-Z]/.test(field.name) || typeOf(where.pkg, where.file, site.receiver)?.pointer !== false) return true;
  const perPackage = where.pkg.store.get(FIELD_MENTIONS, where.pkg);
  const key = `${field.name} ${known.join(' ')}`;
  let found = perPackage.get(key);
  if (found === undefined) {
    // Comments count too: a mention there only makes the answer "maybe".
    const other = new RegExp(`\\.\\s*${field.name}\\b(?!\\s*\\.\\s*(?:${known.join('|')})\\s*\\()`);
    found = where.pkg.files.some((f) => other.test(f.text));
    perPackage.set(key, found);
  }
  return found;
}

const FIELD_MENTIONS = defineFact<GoPackage, Map<string, boolean>>('waitgroup-field-mentions', () => new Map());

/** `var x T`, `x := T{}`, `x := &T{}`, `x := new(T)`: a value that starts here, not one from elsewhere. */
function createdAtDeclaration(decl: Node): boolean {
  const parent = decl.parent;
  if (parent?.type === 'var_spec') {
    const values = parent.childForFieldName('value');
    return values ? values.namedChildren.every(isNewValue) : parent.childForFieldName('type') !== null;
  }
  const right = parent?.parent?.type === 'short_var_declaration' ? parent.parent.childForFieldName('right') : undefined;
  return right !== undefined && right !== null && right.namedChildren.every(isNewValue);
}

function isNewValue(value: Node): boolean {
  const v = unparen(value);
  if (v.type === 'composite_literal') return true;
  if (v.type === 'unary_expression') return v.childForFieldName('operand')?.type === 'composite_literal';
  return v.type === 'call_expression' && v.childForFieldName('function')?.text === 'new';
}

/** Whether the package evidently calls `method` on the value: a use of the variable that is that call,
 * or for a field, a `.field.method(` anywhere in the package. */
export function surelyCalled(where: Where, site: TypedCall, method: string): boolean {
  const id = site.id;
  if (typeof id.key === 'string') {
    const name = id.field?.name;
    if (!name) return false;
    const call = new RegExp(`\\.\\s*${name}\\s*\\.\\s*${method}\\s*\\(`);
    return where.pkg.files.some((f) => call.test(f.text));
  }
  const binding = id.key;
  if (!id.root) return false;
  const uses = binding.scope.kind === 'package' ? packageReferences(where.pkg, binding.name).map((r) => r.node) : references(id.root.file, binding);
  return uses.some((use) => calledMethod(use) === method);
}
