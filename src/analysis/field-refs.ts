import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../rule-api.js';
import { typeOf, underlying, type TypeRef } from './type-of.js';

/**
 * The selectors `x.name` across a package that may read or write field `name` of struct type `T`.
 * Without a type checker the operand's type is often unknown (a method call's result, a map value):
 * such selectors are returned too, marked `typed: false`, so a rule can treat them as possibly
 * the field (a delete through one counts) without counting them as certainly the field.
 */

export interface FieldRef {
  file: SourceFile;
  /** The selector_expression `x.name`. */
  selector: Node;
  /** Whether the operand is evidently a `T` or `*T`. */
  typed: boolean;
}

const cache = new WeakMap<GoPackage, Map<string, Node[]>>();

export function fieldReferences(pkg: GoPackage, typeName: string, field: string): FieldRef[] {
  const refs: FieldRef[] = [];
  for (const file of pkg.files) {
    for (const selector of selectorsNamed(pkg, file, field)) {
      const operand = selector.childForFieldName('operand');
      const t = operand ? typeOf(pkg, file, operand) : undefined;
      if (!t) {
        refs.push({ file, selector, typed: false });
        continue;
      }
      if (namesType(pkg, t, typeName)) refs.push({ file, selector, typed: true });
    }
  }
  return refs;
}

/** Whether the type is `T`/`*T` (a generic instantiation `T[K]` too), or an alias or definition of it. */
function namesType(pkg: GoPackage, t: TypeRef, typeName: string): boolean {
  const named = (ref: TypeRef) => {
    const node = ref.node.type === 'generic_type' ? ref.node.childForFieldName('type') : ref.node;
    return node?.type === 'type_identifier' && node.text === typeName;
  };
  return named(t) || (underlying(pkg, t) !== t && named(underlying(pkg, t)));
}

/** `x.name` selectors of one file, found by text search (cheaper than walking every node), cached. */
function selectorsNamed(pkg: GoPackage, file: SourceFile, name: string): Node[] {
  let byFile = cache.get(pkg);
  if (!byFile) cache.set(pkg, (byFile = new Map()));
  const key = `${pkg.files.indexOf(file)}:${name}`;
  const cached = byFile.get(key);
  if (cached) return cached;
  const found: Node[] = [];
  const root = file.tree.rootNode;
  // JavaScript string indexes are UTF-16 code units, like web-tree-sitter's.
  for (const m of file.text.matchAll(new RegExp(`\\.\\s*${name}(?![\\p{L}\\p{N}_])`, 'gu'))) {
    const end = m.index + m[0].length;
    const node = root.descendantForIndex(end - name.length, end);
    const selector = node?.type === 'field_identifier' ? node.parent : null;
    if (selector?.type === 'selector_expression' && selector.childForFieldName('field')?.id === node!.id) found.push(selector);
  }
  byFile.set(key, found);
  return found;
}
