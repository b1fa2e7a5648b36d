import type { Node } from 'web-tree-sitter';
import { calledDeclaration } from './calls.js';
import { importedAs, isDotImported, isPackageRef } from './imports.js';
import { defineFact } from './fact-store.js';
import { importPathOf, readImportIndex, type ImportIndex } from './module-imports.js';
import { packageReferences } from './package-scope.js';
import { askPeerPackages } from './peer-packages.js';
import { PROGRAM } from './program.js';
import type { GoPackage, ModuleInfo, SourceFile } from './source.js';
import { ancestors, isImmediatelyCalled, topLevelOf } from './syntax.js';
import { nodesSpelled } from './text-search.js';

/**
 * Whether the code around `node` runs at most once per process, started by the program's set-up: its
 * function is main-like (main, init, a CLI command's action, what only they call: main-like.ts), or every
 * call of it, followed back through the package and, for an exported function, through the packages of
 * the module that import it, is made once by such code: not inside a loop, and not from a function
 * literal that is stored or passed (a handler runs per request). `go influxdb.Report(...)` in the
 * node's metrics set-up, itself called from the command's action, starts one reporter per process.
 *
 * Only calls are followed: a function used as a value, a method called through a method value or from
 * other packages, a dot import, or a module too large to index gives no answer. What the module's own
 * code does is all that is known: another program importing the package could start it per request, so
 * this downgrades a loop that cannot exit to by-design, it never proves a leak.
 */
export function runsOncePerProcess(pkg: GoPackage, file: SourceFile, node: Node): boolean {
  const top = topLevelOf(node);
  // The cheap answer first: most functions have no caller that runs once, and onceInside walks the depth.
  return onceTop(pkg.store.get(SEARCH, pkg), pkg, file, top, MAX_HOPS, new Set()) === true && onceInside(node, top);
}

/** How many calls are followed back; set-up chains in node software are short (action, setup, start). */
const MAX_HOPS = 5;

/** What one package's questions share: the module's import index, read once, and the answers for exported
 * functions by import path and name (asking parses the importing packages). Peer packages asked along
 * the way use the asking package's search, so the module is indexed once per package that asks. */
interface Search {
  index: ImportIndex | undefined | null;
  answers: Map<string, boolean | undefined>;
}

const SEARCH = defineFact<GoPackage, Search>('started-once-search', () => ({ index: null, answers: new Map() }));

function importers(search: Search, module: ModuleInfo, importPath: string): readonly string[] | undefined {
  if (search.index === null) search.index = readImportIndex(module);
  return search.index ? (search.index.get(importPath) ?? []) : undefined;
}

/** True: runs once per process; false: may run more often, or cannot be told; undefined: nothing in the
 * module calls it (an exported function only other programs use, or dead code), so it adds no runs. */
function onceTop(search: Search, pkg: GoPackage, file: SourceFile, top: Node, hops: number, path: Set<string>): boolean | undefined {
  // A package-level initializer runs once, during package initialisation.
  if (top.type === 'var_declaration') return true;
  if (top.type !== 'function_declaration' && top.type !== 'method_declaration') return false;
  const program = pkg.store.get(PROGRAM, pkg);
  if (program.isMainLike(top, file)) return true;
  const name = top.childForFieldName('name')?.text;
  if (!name || hops === 0) return false;
  const key = `${pkg.dir}:${file.path}:${top.startIndex}`;
  path.add(key);
  try {
    const calls = top.type === 'method_declaration' ? methodCalls(pkg, file, top, name) : functionCalls(pkg, name);
    if (!calls) return false;
    let any = false;
    for (const call of calls) {
      if (call.file.isTest || program.isTestSupport(call.file)) continue;
      const callerTop = topLevelOf(call.node);
      if (path.has(`${pkg.dir}:${call.file.path}:${callerTop.startIndex}`)) continue;
      if (!onceInside(call.node, callerTop)) return false;
      const caller = onceTop(search, pkg, call.file, callerTop, hops - 1, path);
      if (caller === false) return false;
      any ||= caller === true;
    }
    if (top.type === 'function_declaration' && /^\p{Lu}/u.test(name) && pkg.name !== 'main') {
      const cross = calledOnceFromImporters(search, pkg, name, hops - 1, path);
      if (cross === false) return false;
      any ||= cross === true;
    }
    return any ? true : undefined;
  } finally {
    path.delete(key);
  }
}

interface Call {
  file: SourceFile;
  /** The callee expression (`f`, `x.f`, `pkg.F`). */
  node: Node;
}

/** The calls of a package function; undefined when it is also used as a value (passed, stored, returned). */
function functionCalls(pkg: GoPackage, name: string): Call[] | undefined {
  const out: Call[] = [];
  for (const ref of packageReferences(pkg, name)) {
    if (!isCallee(ref.node)) return undefined;
    out.push({ file: ref.file, node: ref.node });
  }
  return out;
}

/** The calls of an unexported method that resolve to it; undefined when a use cannot be followed (a method
 * value, a call whose receiver type cannot be told, an exported method other packages could call). */
function methodCalls(pkg: GoPackage, file: SourceFile, decl: Node, name: string): Call[] | undefined {
  if (!/^[\p{Ll}_]/u.test(name)) return undefined;
  const out: Call[] = [];
  for (const f of pkg.files) {
    for (const field of nodesSpelled(f, name, ['field_identifier'])) {
      const selector = field.parent;
      if (selector?.type !== 'selector_expression' || selector.childForFieldName('field')?.id !== field.id) continue;
      if (!isCallee(selector)) return undefined;
      const target = calledDeclaration(pkg, f, selector.parent!);
      if (!target) return undefined;
      if (target.node.id === decl.id && target.file === file) out.push({ file: f, node: selector });
    }
  }
  return out;
}

/** The callee of a call (`f(...)`, `go f(...)`, `defer f()`), not a value handed on. */
function isCallee(expr: Node): boolean {
  const call = expr.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.id === expr.id;
}

/**
 * Whether `node` runs once each time `top` runs: no loop between them, and no function literal other
 * than one started with `go` or called in place (a literal that is stored or passed runs whenever its
 * holder calls it: per request, per message).
 */
function onceInside(node: Node, top: Node): boolean {
  // One cursor walk down to the node: a chain of .parent calls costs depth² (each starts at the root).
  const chain = ancestors(node);
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== top.id; i--) {
    const n = chain[i]!;
    if (n.type === 'for_statement') return false;
    if (n.type === 'func_literal' && !isImmediatelyCalled(n)) return false;
  }
  return true;
}

/**
 * Whether every call of the exported `name` in the module's other packages is made once by set-up code:
 * true, false, or undefined when none calls it. A dot import or a reference that is not a call is false.
 */
function calledOnceFromImporters(search: Search, pkg: GoPackage, name: string, hops: number, path: Set<string>): boolean | undefined {
  const module = pkg.module;
  const importPath = module ? importPathOf(module, pkg.dir) : undefined;
  if (!module || !importPath) return undefined;
  const key = `${importPath}.${name}@${hops}`;
  if (search.answers.has(key)) return search.answers.get(key);
  const dirs = importers(search, module, importPath);
  if (!dirs) return false;
  let any = false;
  let ok = true;
  for (const dir of dirs) {
    if (!ok) break;
    askPeerPackages(module, dir, (peer) => {
      const program = peer.store.get(PROGRAM, peer);
      for (const f of peer.files) {
        if (!ok || program.isTestSupport(f)) continue;
        const aliases = importedAs(f, importPath);
        if (isDotImported(f, importPath)) ok = false;
        if (aliases.length === 0) continue;
        for (const field of nodesSpelled(f, name, ['field_identifier'])) {
          const selector = field.parent;
          const operand = selector?.type === 'selector_expression' ? selector.childForFieldName('operand') : null;
          if (!ok || !selector || !operand || !isPackageRef(f, operand, importPath)) continue;
          const top = topLevelOf(selector);
          const caller = isCallee(selector) && onceInside(selector, top) ? onceTop(search, peer, f, top, hops, path) : false;
          if (caller === false) ok = false;
          any ||= caller === true;
        }
      }
    }, pkg.settings, new RegExp(`\\b${name}\\b`));
  }
  const answer = ok ? (any ? true : undefined) : false;
  // Kept by depth: a chain that enters here with as many hops left gets the same answer (a recursion cut
  // on the way is skipped wherever the chain entered it).
  search.answers.set(key, answer);
  return answer;
}
