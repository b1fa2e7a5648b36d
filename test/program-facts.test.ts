import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Facts } from '../src/analysis/facts.js';
import { atLeast, parseGoVersion, PROGRAM } from '../src/analysis/program.js';
import type { ModuleInfo } from '../src/analysis/source.js';
import { ModuleFinder } from '../src/walk/go-mod.js';
import { goPackage } from './helpers/go-package.js';
import { removeTree, tmpTree } from './helpers/tmp-tree.js';

const MODULE_120: ModuleInfo = { dir: '/r', path: 'example.com/r', go: '1.20' };

async function version(header: string, module?: ModuleInfo) {
  const pkg = await goPackage({ 'p/x.go': `${header}package p\n` }, module ? { dir: '/r/p', module } : { dir: '/r/p' });
  return pkg.store.get(PROGRAM, pkg).goVersion(pkg.files[0]!);
}

describe('parseGoVersion and atLeast', () => {
  it.each([
    ['1.23', { major: 1, minor: 23 }],
    ['1.22.3', { major: 1, minor: 22 }],
    ['go1.21rc1', { major: 1, minor: 21 }],
    ['default', undefined],
    [undefined, undefined],
  ])('%s', (text, v) => {
    expect(parseGoVersion(text)).toEqual(v);
  });

  it('compares minors; an unknown version counts as the newest', () => {
    expect(atLeast({ major: 1, minor: 21 }, 22)).toBe(false);
    expect(atLeast({ major: 1, minor: 22 }, 22)).toBe(true);
    expect(atLeast({ major: 2, minor: 0 }, 22)).toBe(true);
    expect(atLeast(undefined, 22)).toBe(true);
  });
});

describe('goVersion', () => {
  it('is the go.mod go directive', async () => {
    expect(await version('', MODULE_120)).toEqual({ major: 1, minor: 20 });
  });

  it('is raised by a //go:build release constraint, never lowered', async () => {
    expect(await version('//go:build go1.23 && linux\n\n', MODULE_120)).toEqual({ major: 1, minor: 23 });
    expect(await version('//go:build go1.18\n\n', MODULE_120)).toEqual({ major: 1, minor: 20 });
    expect(await version('//go:build !go1.23\n\n', MODULE_120)).toEqual({ major: 1, minor: 20 });
  });

  it('comes from the constraint alone without a module, and is unknown when neither says', async () => {
    expect(await version('//go:build go1.22\n\n')).toEqual({ major: 1, minor: 22 });
    expect(await version('')).toBeUndefined();
    expect(await version('', { dir: '/r', path: 'm' })).toBeUndefined();
  });

  it('a malformed constraint is no constraint', async () => {
    expect(await version('//go:build go1.23 &&& linux\n\n', MODULE_120)).toEqual({ major: 1, minor: 20 });
  });

  describe('from a go.mod on disk (CRLF, with a toolchain line)', () => {
    const roots: string[] = [];
    afterAll(() => roots.forEach(removeTree));
    it('reads the go directive, not the toolchain', async () => {
      const root = tmpTree({ 'go.mod': 'module example.com/app\r\n\r\ngo 1.21.4\r\n\r\ntoolchain go1.23.2\r\n' });
      roots.push(root);
      const module = new ModuleFinder().find(path.join(root, 'internal/x'));
      expect(module).toEqual({ dir: root, path: 'example.com/app', go: '1.21.4', toolchain: 'go1.23.2' });
      expect(await version('', module)).toEqual({ major: 1, minor: 21 });
    });
  });
});

describe('the facts object', () => {
  it('is one per package, reached through Facts.program, with the build-constraint answers', async () => {
    const pkg = await goPackage(
      {
        'gen/gen.go': '//go:build ignore\n\npackage main\n\nfunc main() {}\n',
        'gen/debug.go': '//go:build debug\n\npackage main\n',
        'gen/fuzz.go': '// +build gofuzz\n\npackage main\n',
      },
      { dir: '/r/gen', module: MODULE_120 },
    );
    const facts = new Facts(pkg);
    expect(facts.program).toBe(pkg.store.get(PROGRAM, pkg));
    const [gen, debug, fuzz] = pkg.files as [never, never, never];
    expect(facts.program.module).toBe(MODULE_120);
    expect([gen, debug, fuzz].map((f) => facts.program.isIgnoredProgram(f))).toEqual([true, false, false]);
    expect([gen, debug, fuzz].map((f) => facts.program.isDebugOnly(f))).toEqual([false, true, false]);
    expect([gen, debug, fuzz].map((f) => facts.program.isFuzzOnly(f))).toEqual([false, false, true]);
  });
});
