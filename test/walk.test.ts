import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isPathExcluded, walk, type WalkOptions, type WalkResult } from '../src/walk/walk.js';
import { asNobody, canDropRoot, goSource, removeTree, tmpTree, type Node } from './helpers/tmp-tree.js';

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

  it('gives a directory of named files the rest of its files as context, as a listing finds them', async () => {
    const root = tree(GO_TREE);
    const res = await walk(['main.go', 'pkg/a/a.go', 'pkg/b/b.go', 'pkg/b'], { cwd: root });
    expect(listed(res)).toEqual([['main.go'], ['pkg/a/a.go'], ['pkg/b/b.go']]);
    // .hidden.go and _skip.go are skipped as a listing skips them; pkg/b was listed, so it has no context.
    expect(res.dirs.map((d) => d.context?.map((f) => f.displayPath))).toEqual([['main_test.go'], ['pkg/a/a_test.go'], undefined]);
    const all = await walk(['main.go', 'main_test.go'], { cwd: root });
    expect(all.dirs.map((d) => d.context?.map((f) => f.displayPath))).toEqual([[]]);
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
    // Each named path once, so that the CLI can say it was skipped (on a terminal or with --verbose).
    const excluded = [...named, 'vendor', 'testdata', '.hidden', '_under'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(res).toEqual({ dirs: [], errors: [], excluded });
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

/** The .go files git itself lists as not ignored, for comparing against the ignore rules we implement. */
function gitListed(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '--', '*.go'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter(Boolean).sort();
}

const hasGit = (() => {
  try {
    execFileSync('git', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

const IGNORE_TREE: Record<string, Node> = {
  '.gitignore': '# build output\n*.pb.go\ngen/\nbuild/\n!build/keep.go\n/rootonly.go\ndocs/*.go\n!docs/keep.go\ngenerated\n',
  'sub/.gitignore': '!api.pb.go\r\n/local.go\r\n*.tmp.go\r\n!generated\r\ncache/\r\n',
  'main.go': goSource('main'),
  'rootonly.go': goSource('main'),
  'x.pb.go': goSource('main'),
  'scratch.go': goSource('main'),
  'sub/api.pb.go': goSource('sub'),
  'sub/other.pb.go': goSource('sub'),
  'sub/local.go': goSource('sub'),
  'sub/a.tmp.go': goSource('sub'),
  'sub/s.go': goSource('sub'),
  'sub/scratch.go': goSource('sub'),
  'sub/deeper/local.go': goSource('deeper'),
  'sub/deeper/rootonly.go': goSource('deeper'),
  'sub/deeper/b.tmp.go': goSource('deeper'),
  'sub/deeper/cache/c.go': goSource('cache'),
  'gen/g.go': goSource('gen'),
  'sub/gen/g.go': goSource('gen'),
  'build/keep.go': goSource('build'),
  'docs/a.go': goSource('docs'),
  'docs/keep.go': goSource('docs'),
  'docs/sub/c.go': goSource('sub'),
  'generated/x.go': goSource('generated'),
  'sub/generated/y.go': goSource('generated'),
};

const NOT_IGNORED = [
  ['main.go'],
  ['docs/keep.go'],
  ['docs/sub/c.go'],
  ['sub/api.pb.go', 'sub/s.go'],
  ['sub/deeper/local.go', 'sub/deeper/rootonly.go'],
  ['sub/generated/y.go'],
];

describe('.gitignore', () => {
  function repo(nodes: Record<string, Node>): string {
    return tree({ ...nodes, '.git/info/exclude': '# local, unshared ignores\nscratch.go\n' });
  }

  it('applies root and nested .gitignore files and .git/info/exclude, with negations, inside a work tree', async () => {
    const root = repo(IGNORE_TREE);
    expect(listed(await walk(['./...'], { cwd: root }))).toEqual(NOT_IGNORED);
  });

  it.runIf(hasGit)('agrees with git ls-files --exclude-standard', async () => {
    const root = repo(IGNORE_TREE);
    execFileSync('git', ['init', '-q'], { cwd: root });
    // git init keeps an existing info/exclude; re-write it in case this git version's template replaced it.
    fs.writeFileSync(path.join(root, '.git/info/exclude'), 'scratch.go\n');
    expect(listed(await walk(['./...'], { cwd: root })).flat().sort()).toEqual(gitListed(root));
  });

  it('applies to explicitly named files and directories, also from a subdirectory', async () => {
    const root = repo(IGNORE_TREE);
    const res = await walk(['x.pb.go', 'gen/g.go', 'gen', 'build/...', 'sub/local.go', 'sub/api.pb.go', 'scratch.go'], { cwd: root });
    expect(listed(res)).toEqual([['sub/api.pb.go']]);
    const fromSub = await walk(['./...'], { cwd: path.join(root, 'sub') });
    expect(listed(fromSub)).toEqual([['api.pb.go', 's.go'], ['deeper/local.go', 'deeper/rootonly.go'], ['generated/y.go']]);
  });

  it('is ignored outside a work tree, and with respectGitignore: false', async () => {
    const noRepo = tree(IGNORE_TREE);
    const all = listed(await walk(['./...'], { cwd: noRepo })).flat();
    expect(all).toHaveLength(Object.keys(IGNORE_TREE).filter((f) => f.endsWith('.go')).length);
    const root = repo(IGNORE_TREE);
    expect(listed(await walk(['./...'], { cwd: root, respectGitignore: false })).flat()).toEqual(all);
  });

  it('stops at a nested repository, whose own rules apply inside it', async () => {
    const root = repo({ '.gitignore': '*.pb.go\n', 'nested/.git/HEAD': 'ref: refs/heads/main\n', 'nested/.gitignore': 'local.go\n', 'nested/api.pb.go': goSource('n'), 'nested/local.go': goSource('n'), 'x.pb.go': goSource('main') });
    expect(listed(await walk(['./...'], { cwd: root }))).toEqual([['nested/api.pb.go']]);
  });

  it('finds info/exclude through a .git file (worktrees, submodules)', async () => {
    const root = tree({ 'wt/.git': 'gitdir: ../main.git/worktrees/wt\n', 'main.git/worktrees/wt/commondir': '../..\n', 'main.git/worktrees/wt/HEAD': 'ref: refs/heads/wt\n', 'main.git/HEAD': 'ref: refs/heads/main\n', 'main.git/info/exclude': 'scratch.go\n', 'wt/scratch.go': goSource('wt'), 'wt/w.go': goSource('wt') });
    expect(listed(await walk(['./...'], { cwd: path.join(root, 'wt') }))).toEqual([['w.go']]);
  });
});

describe('config excludes', () => {
  it('asks about directories (and prunes them) and files, with absolute paths', async () => {
    const root = tree(GO_TREE);
    const asked: string[] = [];
    const isExcluded = (abs: string): boolean => {
      asked.push(abs);
      return abs === path.join(root, 'pkg/a') || abs === path.join(root, 'pkg/b/b.go');
    };
    expect(listed(await walk(['./...', 'pkg/a/deep/d.go'], { cwd: root, isExcluded }))).toEqual([['main.go', 'main_test.go'], ['x.go/inner.go']]);
    expect(asked).toContain(path.join(root, 'pkg/a'));
    expect(asked).toContain(path.join(root, 'x.go/inner.go'));
    expect(asked).not.toContain(path.join(root, 'pkg/a/a.go')); // pruned with its directory
  });
});

describe('symlinks and special files', () => {
  const LINKS: Record<string, Node> = {
    'real/r.go': goSource('real'),
    'links/dirlink': { symlink: '../real' },
    'links/dirlink.go': { symlink: '../real' },
    'links/filelink.go': { symlink: '../real/r.go' },
    'links/loop.go': { symlink: 'loop2.go' },
    'links/loop2.go': { symlink: 'loop.go' },
    'links/dangling.go': { symlink: 'missing.go' },
    'links/fifo.go': { fifo: true },
    'cycle/a/up': { symlink: '..' },
    'cycle/b': { symlink: '../cycle' },
    'cycle/a/c.go': goSource('a'),
  };

  it('reads symlinked files (broken ones too, for loading to report), follows no symlinked directory, skips FIFOs', async () => {
    const root = tree(LINKS);
    const res = await walk(['./...'], { cwd: root });
    expect(listed(res)).toEqual([['cycle/a/c.go'], ['links/dangling.go', 'links/filelink.go', 'links/loop.go', 'links/loop2.go'], ['real/r.go']]);
    expect(res.errors).toEqual([]);
  });

  it('follows a symlinked directory named on the command line, and reports a looping or special file named there', async () => {
    const root = tree(LINKS);
    const res = await walk(['links/dirlink', 'links/loop.go', 'links/fifo.go'], { cwd: root });
    expect(listed(res)).toEqual([['links/dirlink/r.go']]);
    expect(res.errors).toEqual([
      { file: 'links/fifo.go', message: 'not a regular file' },
      { file: 'links/loop.go', message: 'too many levels of symbolic links' },
    ]);
  });
});

describe.runIf(canDropRoot)('unreadable directories (run as nobody)', () => {
  it('are reported, and the walk goes on', async () => {
    const root = tree({ 'ok/ok.go': goSource('ok'), 'locked/l.go': goSource('locked'), 'locked2/in/l.go': goSource('in') });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    fs.chmodSync(path.join(root, 'locked2'), 0o000);
    const res = await asNobody(() => walk(['./...', 'locked', 'locked2/in/l.go'], { cwd: root }));
    expect(listed(res)).toEqual([['ok/ok.go']]);
    expect(res.errors).toEqual([
      { file: 'locked', message: 'permission denied' },
      { file: 'locked2', message: 'permission denied' },
      { file: 'locked2/in/l.go', message: 'permission denied' },
    ]);
  });
});

describe('isPathExcluded (the --stdin-filename path)', () => {
  it('applies the directory, config and .gitignore excludes, and the generated header unless includeGenerated', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '*.pb.go\n' });
    const opts: WalkOptions = { cwd: root, isExcluded: (p) => p.endsWith('skip.go') };
    const src = goSource('main');
    const generated = goSource('main', '// Code generated by protoc-gen-go. DO NOT EDIT.\n\n');
    expect(isPathExcluded(path.join(root, 'cmd/main.go'), src, opts)).toBe(false);
    expect(isPathExcluded(path.join(root, 'vendor/x/main.go'), src, opts)).toBe(true);
    expect(isPathExcluded(path.join(root, 'api/x.pb.go'), src, opts)).toBe(true);
    expect(isPathExcluded(path.join(root, 'api/x.pb.go'), src, { ...opts, respectGitignore: false })).toBe(false);
    expect(isPathExcluded(path.join(root, 'skip.go'), src, opts)).toBe(true);
    expect(isPathExcluded(path.join(root, 'cmd/main.go'), generated, opts)).toBe(true);
    expect(isPathExcluded(path.join(root, 'cmd/main.go'), generated, { ...opts, includeGenerated: true })).toBe(false);
  });

  it('judges a path outside cwd from its repository root, not from the directories above it', () => {
    const root = tree({ 'home/.config/proj/.git/HEAD': 'x', 'other/keep': '' });
    const proj = path.join(root, 'home/.config/proj');
    const opts: WalkOptions = { cwd: path.join(root, 'other') };
    expect(isPathExcluded(path.join(proj, 'main.go'), goSource('main'), opts)).toBe(false);
    expect(isPathExcluded(path.join(proj, 'testdata/main.go'), goSource('main'), opts)).toBe(true);
    expect(isPathExcluded(path.join(root, 'home/.config/loose.go'), goSource('main'), opts)).toBe(false);
  });
});
