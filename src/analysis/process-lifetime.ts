import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../rule-api.js';
import { packageReferences, receiverTypeName } from './package-scope.js';
import { ancestors } from './syntax.js';

/**
 * Whether code runs only as part of a program's start-up: inside `func main` of package main or a
 * `func init`, or in a top-level function that is referenced only from such code (`go watchSignals()`
 * in main, `serve()` called from main). What such code starts lives as long as the process, by
 * design: a goroutine that never ends there is not a leak, and resources it holds are released by
 * the process exit. Methods are not followed (their calls cannot be told apart without types).
 */

export type ProcessEntry = 'main' | 'init';

/** How far calls are followed back towards main or init; deeper chains are not worth the work. */
const MAX_HOPS = 4;

/** The entry (`main` of package main, or `init`) that `node` is reached only from, if any. */
export function processEntry(pkg: GoPackage, file: SourceFile, node: Node): ProcessEntry | undefined {
  const top = ancestors(node)[1] ?? node;
  return entryOfTop(pkg, file, top, MAX_HOPS, new Set());
}

function entryOfTop(pkg: GoPackage, file: SourceFile, top: Node, hops: number, path: Set<number>): ProcessEntry | undefined {
  if (top.type !== 'function_declaration') return undefined;
  const name = top.childForFieldName('name')?.text;
  if (name === 'init') return 'init';
  if (name === 'main' && file.packageName === 'main') return 'main';
  if (!name || hops === 0) return undefined;
  path.add(top.id);
  try {
    let entry: ProcessEntry | undefined;
    for (const ref of packageReferences(pkg, name)) {
      const caller = ancestors(ref.node)[1];
      // A recursive call (directly or through a function on this chain) adds no new caller, and a
      // test that runs the function itself does not make the program start it any more often.
      if ((caller && path.has(caller.id)) || (ref.file.isTest && !file.isTest)) continue;
      const found = caller ? entryOfTop(pkg, ref.file, caller, hops - 1, path) : undefined;
      if (!found) return undefined;
      if (entry !== 'main') entry = found;
    }
    return entry;
  } finally {
    path.delete(top.id);
  }
}

/**
 * Whether `node` sits in a method of an unexported type whose every value is a package-level variable
 * (`var arbiter = meterArbiter{...}`): the type is named nowhere else but in its declaration, method
 * receivers and top-level `var` declarations, so there is one value per variable, for the life of
 * the process, and nothing a method starts can outlive its owner. Values built by tests are ignored.
 */
export function inPackageSingletonMethod(pkg: GoPackage, node: Node): boolean {
  const top = ancestors(node)[1] ?? node;
  if (top.type !== 'method_declaration') return false;
  const typeName = receiverTypeName(top);
  if (!typeName || !/^[a-z_]/.test(typeName)) return false;
  let variables = 0;
  // Tests build their own values to exercise the methods; the program itself does not.
  for (const f of pkg.files.filter((x) => !x.isTest)) {
    for (const use of typeNamesIn(f, typeName)) {
      const chain = ancestors(use);
      const outer = chain[1] ?? use;
      if (outer.type === 'var_declaration') variables++;
      else if (outer.type === 'method_declaration') {
        if (!contains(outer.childForFieldName('receiver'), use)) return false;
      } else if (outer.type !== 'type_declaration' || chain[chain.length - 1]?.type !== 'type_spec') return false;
    }
  }
  return variables > 0;
}

/** Occurrences of the type name `name` in the file (type positions, and `new(T)` arguments). */
function typeNamesIn(file: SourceFile, name: string): Node[] {
  const found: Node[] = [];
  const root = file.tree.rootNode;
  // Match indexes are UTF-16 code units, as web-tree-sitter's are.
  for (const match of file.text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}_])${name}(?![\\p{L}\\p{N}_])`, 'gu'))) {
    const node = root.descendantForIndex(match.index, match.index + name.length);
    if (node && (node.type === 'type_identifier' || node.type === 'identifier') && node.text === name) found.push(node);
  }
  return found;
}

function contains(outer: Node | null, inner: Node): boolean {
  return outer !== null && inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
