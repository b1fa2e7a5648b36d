import type { Node } from 'web-tree-sitter';
import { defineFact } from '../../src/analysis/fact-store.js';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { nodesSpelled } from '../../src/analysis/text-search.js';
import { namedType, typeOf, underlying, type TypeRef } from '../../src/analysis/type-of.js';

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

const SELECTORS_BY_NAME = defineFact<SourceFile, Map<string, Node[]>>('selectors-by-name', () => new Map());

export function fieldReferences(pkg: GoPackage, typeName: string, field: string): FieldRef[] {
  const refs: FieldRef[] = [];
  for (const file of pkg.files) {
    for (const selector of selectorsNamed(file, field)) {
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
  return namedType(t) === typeName || namedType(underlying(pkg, t)) === typeName;
}

/** `x.name` selectors of one file, cached per file and name. */
function selectorsNamed(file: SourceFile, name: string): Node[] {
  const byName = file.store.get(SELECTORS_BY_NAME, file);
  let found = byName.get(name);
  if (!found) {
    found = nodesSpelled(file, name, ['field_identifier'])
      .map((field) => field.parent)
      .filter((s): s is Node => s?.type === 'selector_expression');
    byName.set(name, found);
  }
  return found;
}
