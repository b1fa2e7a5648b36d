import type { Node } from 'web-tree-sitter';
import { assignedValues, valueAssignedTo } from '../../src/analysis/assigned-values.js';
import { references, resolve } from '../../src/analysis/scopes.js';
import { nodesSpelled } from '../../src/analysis/text-search.js';
import type { FieldDecl } from '../../src/analysis/type-of.js';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';
import { mapUse } from './map-uses.js';

/**
 * Maps that only grow by design, or are pruned where the map-use table does not look: an index over
 * a collection the struct keeps, a memo of handles a metrics registry keeps anyway, a map pruned
 * through a constructor's local alias. Each answers for one candidate the rule would otherwise report.
 */

/**
 * A map whose values are elements of a slice the same struct keeps (`byKey map[K][]*Deposit` beside
 * `deposits []*Deposit`): an index over a collection the struct retains by design, growing as that
 * collection does. Deleting from the index alone would make the two disagree; whether the collection
 * should be pruned is a question about the struct's design, not the map. Compared as type text.
 */
export function indexesOwnCollection(mapType: Node, fields: readonly FieldDecl[]): boolean {
  if (mapType.type !== 'map_type') return false;
  const value = mapType.childForFieldName('value');
  const element = value?.type === 'slice_type' ? value.childForFieldName('element') : value;
  if (!element) return false;
  const want = compact(element.text);
  return fields.some((f) => f.type.type === 'slice_type' && compact(f.type.childForFieldName('element')?.text ?? '') === want);
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Calls that register a metric in a process-wide registry and return its handle (go-metrics and
 * go-ethereum's `GetOrRegisterMeter`, `NewRegisteredCounter`; Prometheus `MustRegister`, a vector's
 * `WithLabelValues`). */
const REGISTRY_CALL = /\b(GetOrRegister\w*|NewRegistered\w*|MustRegister|WithLabelValues)\s*\(/;

/**
 * Whether the write stores a handle of metrics registered by name (`m[addr] = &meters{hit:
 * metrics.GetOrRegisterMeter(prefix+"/hit", nil)}`), directly or through a local assigned in the same
 * function: the map memoises lookups in a registry that keeps every metric anyway. Deleting from the
 * map would free nothing; whether the set of names is bounded is the registry's question (a metric
 * per request is a cardinality problem, found where the names are built).
 */
export function storesRegistryHandle(file: SourceFile, map: Node): boolean {
  let index = map.parent;
  while (index?.type === 'parenthesized_expression') index = index.parent;
  const value = index?.type === 'index_expression' ? valueAssignedTo(index) : undefined;
  if (!value) return false;
  if (REGISTRY_CALL.test(value.text)) return true;
  const binding = value.type === 'identifier' ? resolve(file, value) : undefined;
  return (binding && assignedValues(file, binding))?.some((v) => REGISTRY_CALL.test(v.text)) ?? false;
}

/**
 * A delete or clear of a local the constructor also stores in the field (`m := map[K]V{}`, an LRU's
 * eviction callback `func(k K, _ V) { delete(m, k) }`, then `&Guard{byID: m}`): the field is pruned
 * through its alias. Found through the keyed elements of composite literals of the owner type.
 */
export function shrunkThroughAlias(pkg: GoPackage, owner: string, field: string): boolean {
  for (const file of pkg.files) {
    if (file.isTest) continue;
    for (const typeName of nodesSpelled(file, owner, ['type_identifier'])) {
      const literal = typeName.parent?.type === 'generic_type' ? typeName.parent.parent : typeName.parent;
      if (literal?.type !== 'composite_literal') continue;
      for (const element of literal.childForFieldName('body')?.namedChildren ?? []) {
        if (element.type !== 'keyed_element' || element.childForFieldName('key')?.text !== field) continue;
        const value = element.childForFieldName('value');
        const alias = value?.namedChild(0)?.type === 'identifier' ? value.namedChild(0)! : value?.type === 'identifier' ? value : undefined;
        const binding = alias && resolve(file, alias);
        if (!binding || binding.kind !== 'var') continue;
        if (references(file, binding).some((ref) => mapUse(file, ref) === 'shrink')) return true;
      }
    }
  }
  return false;
}
