import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isPathExcluded, walk, type WalkOptions, type WalkResult } from '../src/walk.js';
import { addNodes, asNobody, canDropRoot, goSource, removeTree, tmpTree, type Node } from './helpers/tmp-tree.js';

const trees: string[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) removeTree(t);
});

function tree(nodes: Record<string, Node>): string {
  const root = tmpTree(nodes);
  trees.push(root);
  return root;
}

/** The display paths, one array per directory, in walk order; also checks each group's `dir`. */
function listed(res: WalkResult): string[][] {
  for (const d of res.dirs) {
    expect(path.isAbsolute(d.dir)).toBe(true);
    for (const f of d.files) expect(path.dirname(f.absPath)).toBe(d.dir);
  }
  return res.dirs.map((d) => d.files.map((f) => f.displayPath));
}

const GO_TREE: Record<string, Node> = {
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  'main.go': goSource('main'),
  'main_test.go': goSource('main'),
  '.hidden.go': goSource('main'),
  '_skip.go': goSource('main'),
  'README.md': '# app\n',
  'pkg/a/a.go': goSource('a'),
  'pkg/a/a_test.go': goSource('a_test'),
  'pkg/a/deep/d.go': goSource('deep'),
  'pkg/a/testdata/fixture.go': goSource('fixture'),
  'pkg/a/_old/old.go': goSource('old'),
  'pkg/b/b.go': goSource('b'),
  'x.go/inner.go': goSource('inner'),
  'vendor/github.com/v/v.go': goSource('v'),
  'testdata/t.go': goSource('t'),
  'node_modules/m/m.go': goSource('m'),
  '.hidden/h.go': goSource('h'),
  '_under/u.go': goSource('u'),
};

const EVERYTHING = [['main.go', 'main_test.go'], ['pkg/a/a.go', 'pkg/a/a_test.go'], ['pkg/a/deep/d.go'], ['pkg/b/b.go'], ['x.go/inner.go']];

describe('patterns', () => {
  it('walks ./... by default, skipping what the go tool skips; a directory named x.go is a directory', async () => {
    const root = tree(GO_TREE);
    expect(listed(await walk([], { cwd: root }))).toEqual(EVERYTHING);
    expect(listed(await walk(['./...'], { cwd: root }))).toEqual(EVERYTHING);
    expect(listed(await walk(['...'], { cwd: root }))).toEqual(EVERYTHING);
  });

  it('reads a plain directory as that directory only, and dir/... as its tree', async () => {
    const root = tree(GO_TREE);
    expect(listed(await walk(['pkg/a'], { cwd: root }))).toEqual([['pkg/a/a.go', 'pkg/a/a_test.go']]);
    expect(listed(await walk(['.'], { cwd: root }))).toEqual([['main.go', 'main_test.go']]);
    expect(listed(await walk(['pkg/a/...'], { cwd: root }))).toEqual([['pkg/a/a.go', 'pkg/a/a_test.go'], ['pkg/a/deep/d.go']]);
    expect(listed(await walk(['pkg/...'], { cwd: path.join(root) }))).toEqual([['pkg/a/a.go', 'pkg/a/a_test.go'], ['pkg/a/deep/d.go'], ['pkg/b/b.go']]);
  });

  it('takes files as given, deduplicated and grouped by directory', async () => {
    const root = tree(GO_TREE);
    const res = await walk(['pkg/b/b.go', 'main.go', './pkg/b/b.go', 'pkg/a/deep/../a.go', 'pkg/b'], { cwd: root });
    expect(listed(res)).toEqual([['main.go'], ['pkg/a/a.go'], ['pkg/b/b.go']]);
    expect(res.errors).toEqual([]);
  });

  it('lints an explicitly named _x.go or .x.go file (the go tool accepts them too)', async () => {
    const root = tree(GO_TREE);
    expect(listed(await walk(['_skip.go', '.hidden.go'], { cwd: root }))).toEqual([['.hidden.go', '_skip.go']]);
  });

  it('prints absolute arguments (lint-staged) relative to cwd, and files outside cwd as ../', async () => {
    const root = tree(GO_TREE);
    const cwd = path.join(root, 'pkg', 'a');
    const res = await walk([path.join(root, 'pkg/a/a.go'), path.join(root, 'pkg/b/b.go'), '../../main.go'], { cwd });
    expect(listed(res)).toEqual([['../../main.go'], ['a.go'], ['../b/b.go']]);
    expect(res.dirs[1]?.files[0]?.absPath).toBe(path.join(root, 'pkg/a/a.go'));
  });

  it('reports a missing path, a non-Go file and a file given as a tree, and still runs the rest', async () => {
    const root = tree(GO_TREE);
    const res = await walk(['nope.go', 'README.md', 'gone/...', 'main.go/...', 'pkg/b', 'nope.go'], { cwd: root });
    expect(listed(res)).toEqual([['pkg/b/b.go']]);
    expect(res.errors).toEqual([
      { file: 'README.md', message: 'not a Go file' },
      { file: 'gone', message: 'no such file or directory' },
      { file: 'main.go', message: 'not a directory' },
      { file: 'nope.go', message: 'no such file or directory' },
    ]);
  });
});

describe('default excludes', () => {
  it('apply to explicitly named files and directories too (pre-commit passes vendor/ files by name)', async () => {
    const root = tree(GO_TREE);
    const named = ['vendor/github.com/v/v.go', 'testdata/t.go', 'node_modules/m/m.go', '.hidden/h.go', '_under/u.go', 'pkg/a/testdata/fixture.go', 'pkg/a/_old/old.go'];
    const res = await walk([...named, 'vendor/...', 'testdata', '.hidden/...', path.join(root, '_under')], { cwd: root });
    expect(res).toEqual({ dirs: [], errors: [] });
  });

  it('never exclude the directory named as "." or "..", nor the directories above cwd', async () => {
    const root = tree(GO_TREE);
    const deep = path.join(root, 'pkg/a/deep');
    expect(listed(await walk(['..'], { cwd: deep }))).toEqual([['../a.go', '../a_test.go']]);
    expect(listed(await walk(['../...'], { cwd: deep }))).toEqual([['../a.go', '../a_test.go'], ['d.go']]);
    expect(listed(await walk(['./...'], { cwd: path.join(root, '.hidden') }))).toEqual([['h.go']]);
    expect(listed(await walk(['.'], { cwd: path.join(root, 'vendor/github.com/v') }))).toEqual([['v.go']]);
  });
});
