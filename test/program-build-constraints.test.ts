import { describe, expect, it } from 'vitest';
import { parseGoBuild, parsePlusBuild, requiresAnyTag, type BuildExpr } from '../src/analysis/build-expr.js';
import {
  buildConstraint,
  DEBUG_TAGS,
  FUZZ_TAGS,
  headerConstraint,
  isDebugOnly,
  isFuzzOnly,
  isIgnoredProgram,
  minGoVersion,
} from '../src/analysis/build-constraints.js';
import { goFile } from './helpers/go-package.js';

/** An expression back as text, fully parenthesized, to compare trees compactly. */
function show(e: BuildExpr | undefined): string {
  if (!e) return '-';
  if (e.op === 'tag') return e.tag;
  if (e.op === 'not') return `!${show(e.x)}`;
  return `(${show(e.x)} ${e.op === 'and' ? '&&' : '||'} ${show(e.y)})`;
}

describe('parseGoBuild', () => {
  it.each([
    ['linux', 'linux'],
    [' linux && amd64 ', '(linux && amd64)'],
    ['a || b && c', '(a || (b && c))'],
    ['(a || b) && !c', '((a || b) && !c)'],
    ['!!a', '!!a'],
    ['go1.23 && linux', '(go1.23 && linux)'],
    ['a && b && c', '((a && b) && c)'],
  ])('%s → %s', (text, tree) => {
    expect(show(parseGoBuild(text))).toBe(tree);
  });

  it.each(['', 'a &&', '&& a', '(a', 'a)', 'a b', 'a & b', 'a | b', 'a,b', '!', 'a -b', '()'])('rejects %j', (text) => {
    expect(parseGoBuild(text)).toBeUndefined();
  });

  it('refuses absurd nesting without overflowing', () => {
    expect(parseGoBuild(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`)).toBeUndefined();
    expect(show(parseGoBuild(`${'('.repeat(50)}a${')'.repeat(50)}`))).toBe('a');
  });
});

describe('parsePlusBuild', () => {
  it('ORs the options of a line, ANDs the terms of an option and the lines', () => {
    expect(show(parsePlusBuild(['linux,amd64 darwin', '!purego']))).toBe('(((linux && amd64) || darwin) && !purego)');
  });

  it.each([[['a,,b']], [['!!a']], [['a/b']], [['']]])('rejects %j', (lines) => {
    expect(parsePlusBuild(lines)).toBeUndefined();
  });
});

describe('headerConstraint', () => {
  it('reads the //go:build line before the package clause, after other comments and blank lines', () => {
    expect(show(headerConstraint('// Copyright x\n\n//go:build linux && !cgo\n\npackage p\n'))).toBe('(linux && !cgo)');
    expect(show(headerConstraint('\uFEFF//go:build a\r\n\r\npackage p\r\n'))).toBe('a');
    expect(show(headerConstraint('/* license\n   text */\n//go:build a\npackage p\n'))).toBe('a');
  });

  it('prefers //go:build over // +build lines, which it otherwise reads', () => {
    expect(show(headerConstraint('//go:build a\n// +build b\n\npackage p\n'))).toBe('a');
    expect(show(headerConstraint('// +build linux darwin\n// +build !cgo\n\npackage p\n'))).toBe('((linux || darwin) && !cgo)');
  });

  it('ignores // +build lines not separated from the package clause by a blank line (a doc comment)', () => {
    expect(headerConstraint('// +build linux\npackage p\n')).toBeUndefined();
  });

  it('ignores constraints after the package clause, inside a block comment, or malformed', () => {
    expect(headerConstraint('package p\n\n//go:build ignore\n')).toBeUndefined();
    expect(headerConstraint('/*\n//go:build ignore\n*/\npackage p\n')).toBeUndefined();
    expect(headerConstraint('//go:build linux &&\n\npackage p\n')).toBeUndefined();
    expect(headerConstraint('//go:buildignore\n\npackage p\n')).toBeUndefined();
  });

  it('takes two //go:build lines as no constraint (the go command rejects the file)', () => {
    expect(headerConstraint('//go:build a\n//go:build b\n\npackage p\n')).toBeUndefined();
  });
});

describe('requiresAnyTag', () => {
  const needs = (text: string, tag: string) => requiresAnyTag(parseGoBuild(text)!, new Set([tag]));
  it('follows && , || and negation (De Morgan)', () => {
    expect(needs('ignore', 'ignore')).toBe(true);
    expect(needs('ignore && linux', 'ignore')).toBe(true);
    expect(needs('ignore || linux', 'ignore')).toBe(false);
    expect(needs('!ignore', 'ignore')).toBe(false);
    expect(needs('!(!ignore || linux)', 'ignore')).toBe(true);
    expect(needs('!(ignore && linux)', 'ignore')).toBe(false);
    expect(needs('(ignore && a) || (ignore && b)', 'ignore')).toBe(true);
  });

  it('is iterative on a long chain', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `t${i}`).join(' && ');
    expect(needs(`${chain} && ignore`, 'ignore')).toBe(true);
  });
});

describe('file answers', () => {
  it('isIgnoredProgram: a generator run by go run, in either form', async () => {
    expect(isIgnoredProgram(await goFile('//go:build ignore\n\npackage main\n\nfunc main() {}\n'))).toBe(true);
    expect(isIgnoredProgram(await goFile('// +build ignore\n\npackage main\n'))).toBe(true);
    expect(isIgnoredProgram(await goFile('//go:build none\n\npackage main\n'))).toBe(true);
    expect(isIgnoredProgram(await goFile('//go:build generate\n\npackage main\n'))).toBe(true);
    expect(isIgnoredProgram(await goFile('//go:build linux\n\npackage main\n'))).toBe(false);
    expect(isIgnoredProgram(await goFile('//go:build ignore || linux\n\npackage main\n'))).toBe(false);
    expect(isIgnoredProgram(await goFile('package main\n\n// +build ignore\n'))).toBe(false);
    expect(isIgnoredProgram(await goFile('//go:build (ignore\n\npackage main\n'))).toBe(false);
  });

  it.each(['gofuzz', 'gofuzz_libfuzzer', 'libfuzzer'])('isFuzzOnly: %s', async (tag) => {
    expect(isFuzzOnly(await goFile(`//go:build ${tag} && linux\n\npackage p\n`))).toBe(true);
    expect(isFuzzOnly(await goFile(`//go:build !${tag}\n\npackage p\n`))).toBe(false);
  });

  it.each(['debug', 'dev', 'development', 'trace', 'debuglog', 'assert'])('isDebugOnly: %s', async (tag) => {
    expect(isDebugOnly(await goFile(`//go:build ${tag}\n\npackage p\n`))).toBe(true);
    expect(isDebugOnly(await goFile(`//go:build !${tag}\n\npackage p\n`))).toBe(false);
  });

  it('the tag lists are exactly those tested above', () => {
    expect([...FUZZ_TAGS]).toEqual(['gofuzz', 'gofuzz_libfuzzer', 'libfuzzer']);
    expect([...DEBUG_TAGS]).toEqual(['debug', 'dev', 'development', 'trace', 'debuglog', 'assert']);
  });

  it('isDebugOnly: each side of an || may need a different debug tag; a plain build is not', async () => {
    expect(isDebugOnly(await goFile('//go:build debug || dev\n\npackage p\n'))).toBe(true);
    expect(isDebugOnly(await goFile('//go:build debug || linux\n\npackage p\n'))).toBe(false);
    expect(isDebugOnly(await goFile('//go:build debugger\n\npackage p\n'))).toBe(false);
    expect(isDebugOnly(await goFile('package p\n'))).toBe(false);
  });

  it('minGoVersion: release tags give a lower bound', async () => {
    const min = async (header: string) => minGoVersion(await goFile(`${header}\n\npackage p\n`));
    expect(await min('//go:build go1.23 && linux')).toEqual({ major: 1, minor: 23 });
    expect(await min('//go:build go1.21 && (go1.22 || windows)')).toEqual({ major: 1, minor: 21 });
    expect(await min('//go:build go1.21 && go1.22')).toEqual({ major: 1, minor: 22 });
    expect(await min('//go:build go1.21 || go1.23')).toEqual({ major: 1, minor: 21 });
    expect(await min('//go:build go1.21 || linux')).toBeUndefined();
    expect(await min('//go:build !go1.22')).toBeUndefined();
    expect(await min('// +build go1.18')).toEqual({ major: 1, minor: 18 });
    expect(await min('//go:build go1.23 &&')).toBeUndefined();
    expect(await min('//go:build go1.21rc1')).toBeUndefined();
  });

  it('is read once per file (the same tree back)', async () => {
    const file = await goFile('//go:build a\n\npackage p\n');
    expect(buildConstraint(file)).toBe(buildConstraint(file));
  });
});
