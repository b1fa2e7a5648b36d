import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { methodsOf, packageDecl, packageReferences, resolveInPackage } from '../src/analysis/package-scope.js';
import { isImportedType, methodCallOn, structFields, typeOf, underlying } from '../src/analysis/type-of.js';
import type { GoPackage, SourceFile } from '../src/rule-api.js';
import { goPackage } from './helpers/source.js';

function file(pkg: GoPackage, path: string): SourceFile {
  return pkg.files.find((f) => f.path === path)!;
}

/** The node of `type` whose text is `text`, the nth (0-based) of them in the file. */
function nodeAt(f: SourceFile, type: string, text: string, nth = 0): Node {
  const node = f.tree.rootNode.descendantsOfType(type).filter((n) => n?.text === text)[nth];
  if (!node) throw new Error(`no ${type} "${text}" #${nth} in ${f.path}`);
  return node;
}

/** "path:line:col" of a node, 1-based. */
function where(pkg: GoPackage, node: Node): string {
  const f = pkg.files.find((x) => x.tree === node.tree)!;
  return `${f.path}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}

const STATE = `package p

import (
	"sync"
	xsync "sync"
)

var peers = map[string]*peer{}

type registry struct {
	mu    sync.RWMutex
	byID  map[string]*peer
	wg    *xsync.WaitGroup
	sync.Mutex
}

type peerSet map[string]*peer

func newRegistry() *registry { return &registry{byID: peerSet{}} }
`;

const USE = `package p

import "sync"

func (r *registry) add(p *peer) {
	peers[p.id] = p
	r.byID[p.id] = p
	r.wg.Add(1)
	var wg sync.WaitGroup
	wg.Done()
	reg := newRegistry()
	reg.wg.Wait()
}

func shadow() {
	peers := 3
	_ = peers
	_ = registry{byID: nil}
}

func (r registry) size() int { return len(r.byID) }
`;

describe('package-wide names', () => {
  it('resolves a package-level name declared in another file, not a shadowing local', async () => {
    const pkg = await goPackage({ 'state.go': STATE, 'use.go': USE });
    const use = file(pkg, 'use.go');
    const found = resolveInPackage(pkg, use, nodeAt(use, 'identifier', 'peers'));
    expect(found && where(pkg, found.binding.node)).toBe('state.go:8:5');
    const local = resolveInPackage(pkg, use, nodeAt(use, 'identifier', 'peers', 1));
    expect(local && where(pkg, local.binding.node)).toBe('use.go:16:2');
  });

  it('lists references across files, leaving out shadowed names and struct-literal keys', async () => {
    const pkg = await goPackage({ 'state.go': STATE, 'use.go': USE });
    expect(packageReferences(pkg, 'peers').map((r) => where(pkg, r.node))).toEqual(['use.go:6:2']);
    expect(packageReferences(pkg, 'byID')).toEqual([]);
    expect(packageDecl(pkg, 'registry')?.binding.kind).toBe('type');
    expect(packageDecl(pkg, 'nothing')).toBeUndefined();
  });

  it('finds methods by receiver type, pointer or value', async () => {
    const pkg = await goPackage({ 'state.go': STATE, 'use.go': USE });
    expect(methodsOf(pkg, 'registry').map((m) => where(pkg, m.node))).toEqual(['use.go:5:1', 'use.go:21:1']);
    expect(methodsOf(pkg, 'peer')).toEqual([]);
  });
});

describe('evident types', () => {
  it('follows receivers and fields to imported types under any alias', async () => {
    const pkg = await goPackage({ 'state.go': STATE, 'use.go': USE });
    const use = file(pkg, 'use.go');
    const wgField = nodeAt(use, 'selector_expression', 'r.wg');
    expect(isImportedType(typeOf(pkg, use, wgField), 'sync', 'WaitGroup', true)).toBe(true);
    const local = nodeAt(use, 'identifier', 'wg');
    expect(isImportedType(typeOf(pkg, use, local), 'sync', 'WaitGroup', false)).toBe(true);
    const viaConstructor = nodeAt(use, 'selector_expression', 'reg.wg');
    expect(isImportedType(typeOf(pkg, use, viaConstructor), 'sync', 'WaitGroup')).toBe(true);
  });

  it('names the method called on a value of an imported type', async () => {
    const pkg = await goPackage({ 'state.go': STATE, 'use.go': USE });
    const use = file(pkg, 'use.go');
    const calls = use.tree.rootNode.descendantsOfType('call_expression').filter((c): c is Node => c !== null);
    const methods = calls.map((c) => methodCallOn(pkg, use, c, 'sync', 'WaitGroup')?.method).filter(Boolean);
    expect(methods).toEqual(['Add', 'Done', 'Wait']);
  });

  it('sees through named map types and lists fields, embedded ones by type name', async () => {
    const pkg = await goPackage({ 'state.go': STATE, 'use.go': USE });
    const state = file(pkg, 'state.go');
    const peers = typeOf(pkg, state, nodeAt(state, 'identifier', 'peers'));
    expect(peers?.node.type).toBe('map_type');
    const named = typeOf(pkg, state, nodeAt(state, 'composite_literal', 'peerSet{}'));
    expect(named && underlying(pkg, named).node.text).toBe('map[string]*peer');
    const struct = nodeAt(state, 'struct_type', STATE.slice(STATE.indexOf('struct {'), STATE.indexOf('}\n\ntype peerSet') + 1));
    expect(structFields(struct).map((f) => `${f.name}${f.embedded ? '*' : ''}`)).toEqual(['mu', 'byID', 'wg', 'Mutex*']);
  });

  it('gives up on what it cannot see', async () => {
    const pkg = await goPackage({ 'a.go': 'package p\n\nfunc f() {\n\tx := other.New()\n\tx.Done()\n\ty := x\n\t_ = y\n}\n' });
    const a = file(pkg, 'a.go');
    expect(typeOf(pkg, a, nodeAt(a, 'identifier', 'y'))).toBeUndefined();
  });
});
