import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { resolveInPackage, type PackageBinding } from '../../src/analysis/package-scope.js';
import type { Binding } from '../../src/analysis/scopes.js';
import { unparen } from '../../src/analysis/syntax.js';
import { namedType, typeOf } from '../../src/analysis/type-of.js';
import { codeText } from '../../src/analysis/code-text.js';

/**
 * Which variable or struct field an expression names, so that `wg` inside a goroutine and the `wg`
 * declared outside it, or `s.wg` in two methods of Server, are recognised as one value. A variable
 * is its binding (shadowing respected, package variables shared across files); a field is its owner
 * type's name and the field name, or the expression's text when the owner's type is not evident.
 */
export interface Identity {
  /** Equal keys name the same value. */
  key: Binding | string;
  /** The expression as written (`wg`, `s.wg`), normalised for messages (see codeText). */
  text: string;
  /** The variable the expression starts from (`s` in `s.pool.wg`), when it resolves. */
  root: PackageBinding | undefined;
  /** For a field: its name, and its owner's type name when that is evident. */
  field?: { name: string; owner: string | undefined };
}

export function identityOf(pkg: GoPackage, file: SourceFile, expr: Node): Identity | undefined {
  const e = unparen(expr);
  if (e.type === 'identifier') {
    const found = resolveInPackage(pkg, file, e);
    return found ? { key: found.binding, text: codeText(e), root: found } : undefined;
  }
  if (e.type !== 'selector_expression') return undefined;
  const operand = e.childForFieldName('operand');
  const name = e.childForFieldName('field')?.text;
  if (!operand || !name) return undefined;
  const owner = namedType(typeOf(pkg, file, operand));
  let root = unparen(operand);
  while (root.type === 'selector_expression' || root.type === 'index_expression') root = unparen(root.childForFieldName('operand') ?? root);
  return {
    key: owner ? `${owner}.${name}` : `${operand.text.replace(/\s+/g, '')}.${name}`,
    text: codeText(e),
    root: root.type === 'identifier' ? resolveInPackage(pkg, file, root) : undefined,
    field: { name, owner },
  };
}

/** Whether the value was declared inside `scope` (a function literal, say). */
export function declaredInside(id: Identity, scope: Node, file: SourceFile): boolean {
  const decl = id.root;
  if (!decl || decl.file !== file) return false;
  const at = decl.binding.node.startIndex;
  return at >= scope.startIndex && at < scope.endIndex;
}
