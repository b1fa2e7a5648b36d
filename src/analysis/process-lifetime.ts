import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from './source.js';
import { packageReferences, receiverTypeName } from './package-scope.js';
import { ancestors, contains, isFunction, topLevelOf } from './syntax.js';
import { nodesSpelled } from './text-search.js';

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
  const top = topLevelOf(node);
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
 * Whether the package-level function `name` runs only while the program sets itself up: it is
 * unexported and its every use is in `init`, a package-level initializer, or `once.Do(name)`.
 * Narrower than processEntry (one hop, no `main`), broader in what counts as set-up.
 */
export function onlyCalledAtSetup(pkg: GoPackage, name: string): boolean {
  if (!/^[a-z_]/.test(name)) return false;
  const refs = packageReferences(pkg, name);
  return refs.length > 0 && refs.every((r) => {
    const chain = ancestors(r.node);
    const top = chain.find(isFunction);
    const call = chain[chain.length - 2];
    const onceDo = chain[chain.length - 1]?.type === 'argument_list' && call?.childForFieldName('function')?.text.endsWith('.Do');
    return !top || onceDo || (top.type === 'function_declaration' && top.childForFieldName('name')?.text === 'init');
  });
}

/**
 * Whether `node` sits in a method of an unexported type whose every value is a package-level variable
 * (`var arbiter = meterArbiter{...}`): the type is named nowhere else but in its declaration, method
 * receivers and top-level `var` declarations, so there is one value per variable, for the life of
 * the process, and nothing a method starts can outlive its owner. Values built by tests are ignored.
 */
export function inPackageSingletonMethod(pkg: GoPackage, node: Node): boolean {
  const top = topLevelOf(node);
  if (top.type !== 'method_declaration') return false;
  const typeName = receiverTypeName(top);
  if (!typeName || !/^[a-z_]/.test(typeName)) return false;
  let variables = 0;
  // Tests build their own values to exercise the methods; the program itself does not.
  for (const f of pkg.files.filter((x) => !x.isTest)) {
    // Type positions, and `new(T)` arguments (read as expressions).
    for (const use of nodesSpelled(f, typeName, ['type_identifier', 'identifier'])) {
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
