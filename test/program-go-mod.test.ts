import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModuleFinder, parseGoMod } from '../src/walk/go-mod.js';
import { addNodes, asNobody, canDropRoot, removeTree, tmpTree } from './helpers/tmp-tree.js';

describe('parseGoMod', () => {
  it('reads module, go and toolchain in line form', () => {
    expect(parseGoMod('module example.com/app\n\ngo 1.22.3\n\ntoolchain go1.24.1\n\nrequire golang.org/x/sync v0.7.0\n')).toEqual({
      path: 'example.com/app',
      go: '1.22.3',
      toolchain: 'go1.24.1',
    });
  });

  it('accepts CRLF line ends, a BOM and trailing comments', () => {
    expect(parseGoMod('\uFEFFmodule example.com/app // the app\r\n\r\ngo 1.21 // minimum\r\ntoolchain go1.23.0\r\n')).toEqual({
      path: 'example.com/app',
      go: '1.21',
      toolchain: 'go1.23.0',
    });
  });

  it('reads the block form and ignores other blocks', () => {
    const text = 'module (\n\t"example.com/quoted" // c\n)\n\nrequire (\n\tgo v1.0.0\n\tmodule v2\n)\n\ngo (\n\t1.20\n)\n';
    expect(parseGoMod(text)).toEqual({ path: 'example.com/quoted', go: '1.20' });
  });

  it('takes the first of repeated directives, and a block closed on its own line', () => {
    expect(parseGoMod('go 1.19\ngo 1.23\nmodule a\nmodule b\nrequire ( )\ngo 1.24\n')).toEqual({ path: 'a', go: '1.19' });
  });

  it('keeps rc versions and the toolchain "default"', () => {
    expect(parseGoMod('go 1.21rc2\ntoolchain default\n')).toEqual({ path: '', go: '1.21rc2', toolchain: 'default' });
  });

  it('tolerates garbage: unknown lines, values that are not versions, unterminated strings, comments only', () => {
    expect(parseGoMod('%%% not go.mod\ngo one.two\ntoolchain 1.23\nmodule "unterminated\n// go 1.5\n')).toEqual({ path: '' });
    expect(parseGoMod('go 1.22 extra\n')).toEqual({ path: '' });
    expect(parseGoMod('')).toEqual({ path: '' });
    expect(parseGoMod('\u0000\u0001binary')).toEqual({ path: '' });
  });

  it('takes a backquoted module path and an escaped quote', () => {
    expect(parseGoMod('module `example.com/raw`\n').path).toBe('example.com/raw');
    expect(parseGoMod('module "a\\"b"\n').path).toBe('a"b');
  });
});

describe('ModuleFinder', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach(removeTree));
  const tree = (nodes: Parameters<typeof tmpTree>[0]) => {
    const root = tmpTree(nodes);
    roots.push(root);
    return root;
  };

  it('finds the nearest go.mod at or above a directory', () => {
    const root = tree({
      'go.mod': 'module example.com/outer\ngo 1.20\n',
      'a/b/x.go': 'package b\n',
      'inner/go.mod': 'module example.com/inner\r\ngo 1.23\r\ntoolchain go1.24.1\r\n',
      'inner/c/x.go': 'package c\n',
    });
    const finder = new ModuleFinder();
    expect(finder.find(path.join(root, 'a/b'))).toEqual({ dir: root, path: 'example.com/outer', go: '1.20' });
    expect(finder.find(path.join(root, 'inner/c'))).toEqual({ dir: path.join(root, 'inner'), path: 'example.com/inner', go: '1.23', toolchain: 'go1.24.1' });
    expect(finder.find(path.join(root, 'inner'))?.dir).toBe(path.join(root, 'inner'));
  });

  it('reads each go.mod once per finder, whichever directory asks', () => {
    const reads: string[] = [];
    const files: Record<string, string> = { '/m/go.mod': 'module m\ngo 1.21\n' };
    const finder = new ModuleFinder((p) => {
      reads.push(p);
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    });
    expect(finder.find('/m/a/b')?.go).toBe('1.21');
    expect(finder.find('/m/a')?.go).toBe('1.21');
    expect(finder.find('/m/c')?.go).toBe('1.21');
    expect(reads).toEqual(['/m/a/b/go.mod', '/m/a/go.mod', '/m/go.mod', '/m/c/go.mod']);
  });

  it('is undefined when no go.mod is anywhere above, and remembers that', () => {
    let reads = 0;
    const finder = new ModuleFinder(() => {
      reads++;
      throw new Error('ENOENT');
    });
    expect(finder.find('/x/y')).toBeUndefined();
    expect(reads).toBe(3); // /x/y, /x, /
    expect(finder.find('/x')).toBeUndefined();
    expect(reads).toBe(3);
  });

  it('passes over a go.mod that is a directory or a FIFO and keeps searching up', { timeout: 5000 }, () => {
    const root = tree({ 'go.mod': 'module example.com/top\ngo 1.22\n', 'd/go.mod': { dir: true }, 'd/e/x.go': 'package e\n' });
    addNodes(root, { 'd/e/go.mod': { fifo: true } });
    expect(new ModuleFinder().find(path.join(root, 'd/e'))).toEqual({ dir: root, path: 'example.com/top', go: '1.22' });
  });

  it.runIf(canDropRoot)('passes over an unreadable go.mod (as nobody)', async () => {
    const root = tree({ 'go.mod': 'module example.com/top\n', 'p/go.mod': 'module example.com/secret\n' });
    fs.chmodSync(path.join(root, 'p/go.mod'), 0o000);
    const found = await asNobody(async () => new ModuleFinder().find(path.join(root, 'p')));
    expect(found).toEqual({ dir: root, path: 'example.com/top' });
  });

  it('never throws, even when the reader throws something odd', () => {
    const finder = new ModuleFinder(() => {
      throw 'not an error object';
    });
    expect(() => finder.find('/a')).not.toThrow();
    expect(finder.find('/a')).toBeUndefined();
  });
});
