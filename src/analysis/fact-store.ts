import type { Tree } from 'web-tree-sitter';

/**
 * Where the facts about one package live while its rules run (the `ResultOf` of go/analysis). A fact is
 * declared once, at module level, as a name and a function from a subject (a file, a package, a function
 * node…) to its answer; the answers are kept here, in the store the engine makes for each package, and
 * dropped with it. So a fact is computed lazily, at most once per subject, and never outlives its
 * package: no analysis or rule keeps a cache of its own.
 */

export interface FactSpec<S extends object, T> {
  readonly name: string;
  compute(subject: S, store: FactStore): T;
}

/** Declares a fact. The spec is a constant; its answers live in each package's FactStore. */
export function defineFact<S extends object, T>(name: string, compute: (subject: S, store: FactStore) => T): FactSpec<S, T> {
  return { name, compute };
}

const COMPUTING = Symbol('computing');

export class FactStore {
  private readonly answers = new Map<FactSpec<never, unknown>, WeakMap<object, unknown>>();

  /** The fact's answer for `subject`, computed on first use. A fact that asks for itself about the same
   * subject while computing it is a bug in the analysis, and throws. */
  get<S extends object, T>(spec: FactSpec<S, T>, subject: S): T {
    let bySubject = this.answers.get(spec as FactSpec<never, unknown>);
    if (!bySubject) this.answers.set(spec as FactSpec<never, unknown>, (bySubject = new WeakMap()));
    if (bySubject.has(subject)) {
      const known = bySubject.get(subject);
      if (known === COMPUTING) throw new Error(`fact ${spec.name} depends on itself`);
      return known as T;
    }
    bySubject.set(subject, COMPUTING);
    try {
      const value = spec.compute(subject, this);
      bySubject.set(subject, value);
      return value;
    } catch (err) {
      bySubject.delete(subject);
      throw err;
    }
  }

}

/**
 * The store of the package a tree belongs to. Analyses that are handed a bare node (the flow graph of a
 * function, the function around a call) find their package's store through its tree; the engine
 * registers each tree when it parses it. A tree no package registered (a unit test's) gets a store of
 * its own, made on first use.
 */
const stores = new WeakMap<Tree, FactStore>();

export function attachStore(tree: Tree, store: FactStore): void {
  stores.set(tree, store);
}

export function storeOf(tree: Tree): FactStore {
  let store = stores.get(tree);
  if (!store) stores.set(tree, (store = new FactStore()));
  return store;
}

/** A per-tree table from node id to answer (a node is a fresh JS object on every access, so its id is the
 * key): `storeOf(node.tree).get(TABLE, node.tree)`. */
export function nodeTable<T>(name: string): FactSpec<Tree, Map<number, T>> {
  return defineFact<Tree, Map<number, T>>(name, () => new Map());
}
