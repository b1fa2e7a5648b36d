import type { Node } from 'web-tree-sitter';
import { indexesOwnCollection, shrunkThroughAlias, storesRegistryHandle } from './by-design.js';
import { fieldReferences } from './field-refs.js';
import { boundedKeyType, isConstant, keyWrite, mapUse } from './map-uses.js';
import { requestKeyedFill } from './memo-keys.js';
import { mayBeWritten } from './written-names.js';
import { methodsOf, packageReferences, receiverTypeName } from '../../src/analysis/package-scope.js';
import { onlyCalledAtSetup } from '../../src/analysis/process-lifetime.js';
import { ancestors, isFunction } from '../../src/analysis/syntax.js';
import { resolve } from '../../src/analysis/scopes.js';
import { importedTypeName, isImportedType, namedType, structFields, typeOf, typeRef, underlying, type TypeRef } from '../../src/analysis/type-of.js';
import type { GoPackage, Rule, SourceFile } from '../../src/rule-api.js';
import { docs } from './docs.js';
import { codeText } from '../../src/analysis/code-text.js';
import { projectPath } from '../../src/analysis/test-support.js';
import { VOCABULARY, vocabularyFor, vocabularyOptions, type CacheWords, type Vocabulary } from './vocabulary.js';

/** The rule over a vocabulary: the built-in one, or (in its unit tests) one with an entry left out. */
export function createUnboundedCache(builtIn: Vocabulary = VOCABULARY): Rule {
  return {
    meta: {
      id: 'unbounded-cache',
      name: 'UnboundedCache',
      summary: 'A package-level map or a mutex-guarded map field is added to at run time and never deleted from, so it grows without bound',
      defaultLevel: 'warning',
      tags: ['reliability', 'memory', 'go'],
      precision: 'medium',
      messages: {
        onlyGrows:
          '{what} only grows: entries are added ({where}) but never deleted anywhere in the package, so memory grows ' +
          'until the process is OOM-killed; delete entries when done, or bound it (an LRU or TTL cache)',
      },
      docs,
      options: vocabularyOptions,
    },
    // A candidate is spelled `map[...]`, `make(T)` of a named map type, or `sync.Map` / a field next to a sync.Mutex.
    textFilter: /map\[|\bsync\b/,
    // A package phase: the map type may be named in one file, the variable declared in another and
    // deleted from in a third.
    checkPackage(pass) {
      if (shortLived(pass.pkg)) return;
      const words = vocabularyFor(builtIn, pass.options);
      for (const c of [...packageMaps(pass.pkg), ...guardedFieldMaps(words, pass.pkg)]) {
        if (c.file.isTest) continue;
        const site = growingSite(words, pass.pkg, c);
        if (!site || storesRegistryHandle(site.file, site.node)) continue;
        const what = `${c.syncMap ? 'sync.Map' : 'map'} ${c.owner ? `field ${c.owner}.${codeText(c.name)}` : codeText(c.name)}`;
        const where = `${site.file.path.split('/').pop()}:${site.node.startPosition.row + 1}`;
        const related = [{ node: site.node, file: site.file, message: 'an entry is added here' }];
        pass.report(c.file, { node: c.name, messageId: 'onlyGrows', data: { what, where }, related });
      }
    },
  };
}

export const unboundedCache: Rule = createUnboundedCache();

/** A map that may only grow: a package variable or a field of a mutex-guarded struct. */
interface Candidate {
  file: SourceFile;
  /** The declaring identifier (the report goes there). */
  name: Node;
  syncMap: boolean;
  /** A map of maps: `m[a][b] = v` adds to it, `delete(m[a], b)` shrinks it. */
  nested: boolean;
  /** The map's key and value types, when it is a plain map. */
  key: TypeRef | undefined;
  value: TypeRef | undefined;
  /** The struct type that holds the field; undefined for a package variable. */
  owner: string | undefined;
  /** Every use of the map in the package, computed only for maps that pass the cheaper tests. */
  uses: () => Use[];
}

interface Use {
  file: SourceFile;
  /** The identifier or `x.field` selector denoting the map. */
  node: Node;
  /** False for a selector whose operand's type is unknown (it may or may not be this field). */
  typed: boolean;
}

/**
 * The first run-time write of a map that nothing shrinks, or undefined. One delete, clear or
 * re-assignment anywhere, or one use that hands the map to code we do not follow, bounds it.
 */
function growingSite(words: CacheWords, pkg: GoPackage, c: Candidate): Use | undefined {
  if (c.key && boundedKeyType(pkg, c.key)) return undefined;
  let site: Use | undefined;
  for (const use of c.uses()) {
    let kind = mapUse(use.file, use.node);
    let at = use;
    // `m[a][b] = v`, `delete(m[a], b)`: the inner map's use is the outer map's. An inner map held in a
    // local (`inner := m[a]`) is not followed: its growth shows as `m[a] = inner`.
    const inner = c.nested && kind === 'read' ? use.node.parent : null;
    if (inner?.type === 'index_expression' && inner.childForFieldName('operand')?.id === use.node.id) {
      const innerKind = mapUse(use.file, inner);
      if (innerKind === 'add' || innerKind === 'shrink') {
        kind = innerKind;
        at = { ...use, node: inner };
      }
    }
    if (kind === 'shrink' || kind === 'escape') return undefined;
    if (kind === 'add' && !site && use.typed && !use.file.isTest && atRunTime(words, pkg, c, at)) site = use;
  }
  if (site && c.owner && shrunkThroughAlias(pkg, c.owner, c.name.text)) return undefined;
  return site;
}

/**
 * Programs that do not run for long, where a map that only grows is the normal way to cache: commands
 * (package main, anything under cmd/), and test and tooling packages.
 */
function shortLived(pkg: GoPackage): boolean {
  if (pkg.name === 'main' || /test(util|ing)?$/.test(pkg.name)) return true;
  // Read below the module root only (projectPath): a checkout kept in ~/tools/ or /srv/cmd/ says
  // nothing of the code in it.
  const file = pkg.files[0];
  const dirs = (file ? projectPath(pkg, file) : undefined)?.split('/').slice(0, -1) ?? [];
  return dirs.some((d) => /^(cmd|tests?|testing|testutils?|integration|functional|e2e|examples?|tools|hack|benchmarks?)$/.test(d));
}

/** Package-level `var m = map[K]V{}`, `var m = make(...)`, `var m map[K]V`, `var m sync.Map`. */
function packageMaps(pkg: GoPackage): Candidate[] {
  const found: Candidate[] = [];
  for (const { file, top } of declarations(pkg, 'var_declaration')) {
    for (const spec of top.descendantsOfType('var_spec')) {
      for (const name of spec.childrenForFieldName('name')) {
        if (name.text === '_' || !mayBeWritten(pkg, name.text)) continue;
        const t = typeOf(pkg, file, name);
        const kind = t && mapKind(pkg, t);
        if (!kind) continue;
        const uses = () => packageReferences(pkg, name.text).map((r) => ({ file: r.file, node: r.node, typed: true }));
        found.push({ file, name, ...kind, owner: undefined, uses });
      }
    }
  }
  return found;
}

/** The top-level declarations of one kind in the package's non-test files. */
function declarations(pkg: GoPackage, type: string): Array<{ file: SourceFile; top: Node }> {
  return pkg.files.filter((file) => !file.isTest).flatMap((file) => file.tree.rootNode.namedChildren.filter((top) => top.type === type).map((top) => ({ file, top })));
}

/** Map fields of package-level struct types that also hold a sync.Mutex or sync.RWMutex: shared, long-lived state. */
function guardedFieldMaps(words: CacheWords, pkg: GoPackage): Candidate[] {
  const found: Candidate[] = [];
  for (const { file, top } of declarations(pkg, 'type_declaration')) {
    for (const spec of top.namedChildren) {
      const struct = spec.type === 'type_spec' ? spec.childForFieldName('type') : null;
      const owner = spec.childForFieldName('name')?.text;
      if (struct?.type !== 'struct_type' || !owner) continue;
      const fields = structFields(struct);
      const written = fields.filter((f) => !f.embedded && mayBeWritten(pkg, f.name));
      if (written.length === 0 || !fields.some((f) => isMutex(typeRef(file, f.type))) || !longLived(words, pkg, owner)) continue;
      for (const field of written) {
        const t = typeRef(file, field.type);
        const kind = t && mapKind(pkg, t);
        if (!kind || indexesOwnCollection(field.type, fields)) continue;
        const uses = () => fieldReferences(pkg, owner, field.name).map((r) => ({ file: r.file, node: r.selector, typed: r.typed }));
        found.push({ file, name: field.nameNode, ...kind, owner, uses });
      }
    }
  }
  return found;
}

/**
 * A plain map or a sync.Map. A map of maps (`map[cluster]map[service]*Reporter`) is one too: it grows
 * through its outer key (`m[a] = inner`) and through its inner one (`m[a][b] = v`); a delete at either
 * level (`delete(m, a)`, `delete(m[a], b)`) bounds it.
 */
function mapKind(pkg: GoPackage, t: TypeRef): { syncMap: boolean; nested: boolean; key: TypeRef | undefined; value: TypeRef | undefined } | undefined {
  if (isImportedType(t, 'sync', 'Map')) return { syncMap: true, nested: false, key: undefined, value: undefined };
  const u = underlying(pkg, t);
  if (t.pointer || u.node.type !== 'map_type') return undefined;
  const value = typeRef(u.file, u.node.childForFieldName('value'));
  const nested = value !== undefined && !value.pointer && underlying(pkg, value).node.type === 'map_type';
  return { syncMap: false, nested, key: typeRef(u.file, u.node.childForFieldName('key')), value };
}

/** A sync.Mutex or sync.RWMutex held by value: a pointer is a lock borrowed from a longer-lived owner. */
function isMutex(t: TypeRef | undefined): boolean {
  const name = importedTypeName(t, 'sync');
  return !t?.pointer && (name === 'Mutex' || name === 'RWMutex');
}

/**
 * A struct that outlives one operation: it has a life cycle (`Start`, `Run`, `Close`, ...), runs
 * goroutines of its own, sits in a package variable, or calls itself a cache (`BlockCache`: a cache
 * that lived for one call would cache nothing). Converters, trackers and jobs that live for one call
 * and are dropped with their map have none of these.
 */
function longLived(words: CacheWords, pkg: GoPackage, owner: string): boolean {
  if (words.endsWith('cache-types', owner)) return true;
  // A request's or response's state lives for one exchange, even when it has a Close.
  if (words.endsWith('exchange-types', owner)) return false;
  const methods = methodsOf(pkg, owner);
  if (methods.some((m) => words.lifecycle(m.node.childForFieldName('name')?.text ?? '') || m.node.descendantsOfType('go_statement').length > 0)) return true;
  return pkg.files.some((file) =>
    file.tree.rootNode.namedChildren.some(
      (top) => top.type === 'var_declaration' && top.descendantsOfType('var_spec').some((spec) => namedType(typeOf(pkg, file, spec.childForFieldName('name')!)) === owner),
    ),
  );
}

/**
 * Whether a write adds a run-time key while the program runs, not while it is set up. These do not
 * count: writes in `init`, in a package-level initializer, in a helper only `init` or `once.Do`
 * calls, in a constructor of the owner (`func NewPool() *Pool`), in a registration or setter API
 * (`Register*`, exported `Set*`/`Add*`/`Handle*` functions), under a debug constant (`if debugX`),
 * after a size check (`if len(m) >= max`), and writes whose key is a constant or a `reflect.Type`.
 * A plain package map must also be written under a lock: one written without is set up by a single
 * goroutine (or is a data race, a louder bug).
 */
function atRunTime(words: CacheWords, pkg: GoPackage, c: Candidate, use: Use): boolean {
  const chain = ancestors(use.node);
  const functions = chain.filter(isFunction);
  const top = functions[0];
  if (!top) return false;
  const name = top.childForFieldName('name')?.text ?? '';
  if (words.firstWord('setup-words', name) || words.firstWord('setter-words', name, true)) return false;
  if (c.owner && top.type === 'method_declaration' && receiverTypeName(top) !== c.owner) return false;
  if (c.owner && top.type === 'method_declaration' && onlyConstructorCalls(pkg, c.owner, name)) return false;
  if (registersHandler(use.file, top, use.node)) return false;
  if (top.type === 'function_declaration') {
    if (name === 'init' || words.firstWord('setup-functions', name) || (c.owner ? constructs(top, c.owner) : onlyCalledAtSetup(pkg, name))) return false;
  }
  if (!c.owner && !c.syncMap && !/\.R?Lock\(\)/.test(top.text)) return false;
  if (chain.some((n) => n.type === 'if_statement' && isConstant(pkg, use.file, n.childForFieldName('condition')))) return false;
  const write = keyWrite(pkg, use.file, use.node);
  if (write.kind === 'known' || (write.kind === 'fill' && !requestKeyedFill(words, pkg, use.file, use.node, write.key, c.nested ? undefined : c.value, !write.counter))) return false;
  return !sizeChecked(functions[functions.length - 1]!, c);
}

/**
 * A method of the owner that only the owner's constructors call (`NewFreezer` calls `f.repair()`): its
 * writes happen once, while the value is built. A method with no call in the package may be called
 * from anywhere and counts as run time.
 */
function onlyConstructorCalls(pkg: GoPackage, owner: string, method: string): boolean {
  // Selectors `x.method` whose operand is an owner or of unknown type (`tab.repair()` on another type
  // is not a call of this method).
  const calls = fieldReferences(pkg, owner, method).filter((r) => !r.file.isTest);
  return calls.length > 0 && calls.every((r) => {
    const fn = ancestors(r.selector).find((n) => n.type === 'function_declaration' || n.type === 'method_declaration');
    return fn?.type === 'function_declaration' && constructs(fn, owner);
  });
}

/**
 * A function that takes a handler (`http.Handler`, a `...Handler` type; not a bare func value, which
 * is as often a memo's compute callback or a topic's subscriber) and writes the
 * map under one of its own parameters (`Add(name string, h http.Handler, fenced bool)`): it registers
 * a child the program built (a configured backend, a route), once per child, so the keys are as many
 * as the children configured.
 */
function registersHandler(file: SourceFile, fn: Node, map: Node): boolean {
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((p) => p.type === 'parameter_declaration') ?? [];
  const takesHandler = params.some((p) => {
    const t = p.childForFieldName('type');
    return t !== null && /Handler(Func)?$/.test(t.text);
  });
  if (!takesHandler) return false;
  const index = map.parent?.type === 'index_expression' ? map.parent.childForFieldName('index') : null;
  const binding = index?.type === 'identifier' ? resolve(file, index) : undefined;
  return binding?.kind === 'param' && declaringFunctionIs(binding.node, fn);
}

function declaringFunctionIs(decl: Node, fn: Node): boolean {
  return ancestors(decl).filter(isFunction).pop()?.id === fn.id;
}

/** `func NewPool(...) *Pool`, `func newPool() (Pool, error)`: a function building the owner. */
function constructs(fn: Node, owner: string): boolean {
  const result = fn.childForFieldName('result');
  return result !== null && result.descendantsOfType('type_identifier').some((t) => t.text === owner);
}

/** `len(m)` (or `len(x.field)`) compared with something in the function that writes. */
function sizeChecked(fn: Node, c: Candidate): boolean {
  return fn.descendantsOfType('call_expression').some((call) => {
    if (call.childForFieldName('function')?.text !== 'len') return false;
    const arg = call.childForFieldName('arguments')?.namedChild(0);
    const named = arg?.type === 'selector_expression' ? arg.childForFieldName('field')?.text : arg?.text;
    return named === c.name.text && call.parent?.type === 'binary_expression';
  });
}
