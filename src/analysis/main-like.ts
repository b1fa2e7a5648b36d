import type { Node } from 'web-tree-sitter';
import { cliActions } from './cli-actions.js';
import { defineFact } from './fact-store.js';
import { nodeIndex } from './node-index.js';
import { references, resolve } from './scopes.js';
import { unparen } from './syntax.js';
import type { GoPackage, SourceFile } from './source.js';

/**
 * The functions of a package that run on the process's main goroutine for the life of the process
 * (staticcheck's code.IsMainLike, widened to what real programs do). What such a function starts lives
 * as long as the program by design, and what it holds is released by the exit: a goroutine it never
 * stops is not a leak. The set is read from the program, not from names:
 *  - roots: `main` and `init` of package main; the command actions of CLI frameworks (cli-actions.ts,
 *    kong-actions.ts: also a kong command's `Run` method), which the framework calls on the goroutine
 *    that runs main;
 *  - a package-level function (methods are not followed: without types their calls cannot be told
 *    apart) every one of whose references is a call (not `go f()`) made from a main-like function, or an
 *    action value; one use as a value (`x := f`, `run(f)`) or one call from elsewhere rules it out;
 *  - a function literal that runs where its main-like function runs it: called where written
 *    (`func(){…}()`, `defer func(){…}()`, not `go func(){…}()`), or stored in a local variable that is
 *    only ever called. A literal passed as an argument may run on any goroutine, and is left out.
 * A function is not main-like by being called recursively; calls from _test.go files do not count for
 * functions of non-test files (the test binary is another program). One pass over the package's
 * identifiers and function literals, then a worklist: linear in the size of the package.
 */

/** The answer: a set of function nodes, kept per file. */
export class MainLikeSet {
  private readonly ids = new Map<SourceFile, Set<number>>();

  has(file: SourceFile, fn: Node): boolean {
    return this.ids.get(file)?.has(fn.id) ?? false;
  }

  /** Adds; false when it was there already. */
  add(file: SourceFile, fn: Node): boolean {
    let set = this.ids.get(file);
    if (!set) this.ids.set(file, (set = new Set()));
    if (set.has(fn.id)) return false;
    set.add(fn.id);
    return true;
  }
}

interface FuncDecl {
  file: SourceFile;
  node: Node;
  /** Calls from functions not yet known to be main-like. */
  waiting: number;
  /** Used as a value, started with `go`, or called from outside any function. */
  ruledOut: boolean;
  /** Calls (and action values) seen; none at all means nothing is known of the function. */
  uses: number;
}

interface Fn {
  file: SourceFile;
  node: Node;
}

/** The package's main-like functions, computed on first question (see the top of this file). */
export const MAIN_LIKE = defineFact<GoPackage, MainLikeSet>('main-like', computeMainLike);

function computeMainLike(pkg: GoPackage): MainLikeSet {
  const result = new MainLikeSet();
  const actions = cliActions(pkg);
  if (pkg.name !== 'main' && actions.length === 0) return result;

  // A name may be declared in several files, each built for another platform (install_linux.go,
  // install_darwin.go): the calls of the name are calls of every variant.
  const decls = new Map<string, FuncDecl[]>();
  for (const file of pkg.files) {
    for (const top of file.tree.rootNode.namedChildren) {
      const name = top.type === 'function_declaration' ? top.childForFieldName('name')?.text : undefined;
      if (!name || name === '_' || name === 'init') continue;
      const variants = decls.get(name) ?? [];
      if (variants.every((v) => v.file !== file)) decls.set(name, [...variants, { file, node: top, waiting: 0, ruledOut: false, uses: 0 }]);
    }
  }

  const stack: Fn[] = [];
  /** Per function (file, node id): what becomes main-like with it: the calls it makes to package
   * functions, and the literals it runs. */
  const dependents = new Map<SourceFile, Map<number, Array<FuncDecl | Fn>>>();
  const depend = (on: Fn, what: FuncDecl | Fn) => {
    let byId = dependents.get(on.file);
    if (!byId) dependents.set(on.file, (byId = new Map()));
    const list = byId.get(on.node.id);
    if (list) list.push(what);
    else byId.set(on.node.id, [what]);
  };

  const actionIdents = new Map<SourceFile, Set<number>>();
  for (const a of actions) {
    if (a.node.type === 'func_literal' || a.node.type === 'method_declaration') stack.push(a);
    else {
      const set = actionIdents.get(a.file) ?? new Set<number>();
      actionIdents.set(a.file, set.add(a.node.id));
    }
  }
  if (pkg.name === 'main') {
    for (const file of pkg.files) {
      if (file.isTest) continue;
      for (const top of file.tree.rootNode.namedChildren) {
        const name = top.type === 'function_declaration' ? top.childForFieldName('name')?.text : undefined;
        if (name === 'main' || name === 'init') stack.push({ file, node: top });
      }
    }
  }

  for (const file of pkg.files) {
    const index = nodeIndex(file.tree);
    for (const ident of index.ofType('identifier')) {
      for (const decl of decls.get(ident.text) ?? []) {
        if (!refersTo(file, ident, decl) || (file.isTest && !decl.file.isTest)) continue;
        decl.uses++;
        if (actionIdents.get(file)?.has(ident.id)) continue;
        const call = calledBy(ident);
        const caller = call && call.parent?.type !== 'go_statement' ? index.enclosingFunction(call) : undefined;
        if (!caller) decl.ruledOut = true;
        else if (caller.id === decl.node.id && file === decl.file) decl.uses--; // recursion
        else {
          decl.waiting++;
          depend({ file, node: caller }, decl);
        }
      }
    }
    for (const lit of index.ofType('func_literal')) {
      const outer = index.enclosingFunction(lit);
      if (outer && runsWhereItsFunctionRuns(file, lit)) depend({ file, node: outer }, { file, node: lit });
    }
  }
  for (const decl of [...decls.values()].flat()) if (!decl.ruledOut && decl.uses > 0 && decl.waiting === 0) stack.push(decl);

  while (stack.length > 0) {
    const fn = stack.pop()!;
    if (!result.add(fn.file, fn.node)) continue;
    for (const d of dependents.get(fn.file)?.get(fn.node.id) ?? []) {
      if (!('waiting' in d)) stack.push(d);
      else if (--d.waiting === 0 && !d.ruledOut && d.uses > 0) stack.push(d);
    }
  }
  return result;
}

/** Whether an identifier refers to the package-level function `decl`: resolved to it in its own file,
 * or unresolved in another (the package block spans files); struct-literal keys and the declaring name
 * excluded. */
function refersTo(file: SourceFile, ident: Node, decl: FuncDecl): boolean {
  if (file === decl.file && decl.node.childForFieldName('name')?.id === ident.id) return false;
  const parent = ident.parent;
  if (parent?.type === 'literal_element' && parent.parent?.type === 'keyed_element' && parent.parent.childForFieldName('key')?.id === parent.id) {
    return false;
  }
  const binding = resolve(file, ident);
  if (binding) return file === decl.file && binding.scope.kind === 'package' && binding.node.id === decl.node.childForFieldName('name')?.id;
  return file !== decl.file;
}

/** The call whose function `ident` is (through parentheses), if it is one. */
function calledBy(ident: Node): Node | undefined {
  let n = ident;
  let p = n.parent;
  while (p?.type === 'parenthesized_expression') {
    n = p;
    p = p.parent;
  }
  return p?.type === 'call_expression' && p.childForFieldName('function')?.id === n.id ? p : undefined;
}

/**
 * A literal that runs on the goroutine of the function it is written in: called where written (also
 * deferred), not with `go`; or the only value of a local variable whose every use is such a call.
 */
function runsWhereItsFunctionRuns(file: SourceFile, lit: Node): boolean {
  const call = calledBy(lit);
  if (call) return call.parent?.type !== 'go_statement';
  const holder = boundVariable(lit);
  if (!holder) return false;
  const binding = resolve(file, holder);
  if (!binding || binding.node.id !== holder.id || binding.scope.kind === 'package') return false;
  const uses = references(file, binding);
  return uses.length > 0 && uses.every((u) => {
    const c = calledBy(u);
    return c !== undefined && c.parent?.type !== 'go_statement';
  });
}

/** `f := func(){…}` or `var f = func(){…}`: the identifier declared with the literal as its value. */
function boundVariable(lit: Node): Node | undefined {
  const list = lit.parent;
  if (list?.type !== 'expression_list') return undefined;
  const decl = list.parent;
  const at = list.namedChildren.findIndex((c) => c.id === lit.id);
  if (decl?.type === 'short_var_declaration' && decl.childForFieldName('right')?.id === list.id) {
    const name = decl.childForFieldName('left')?.namedChildren[at];
    return name?.type === 'identifier' ? name : undefined;
  }
  if (decl?.type === 'var_spec' && decl.childForFieldName('value')?.id === list.id) {
    return decl.childrenForFieldName('name')[at];
  }
  return undefined;
}

/** Whether `fn` (a function declaration, method or literal of `file`) is main-like; see the top. */
export function isMainLikeIn(pkg: GoPackage, fn: Node, file: SourceFile): boolean {
  return pkg.store.get(MAIN_LIKE, pkg).has(file, unparen(fn));
}
