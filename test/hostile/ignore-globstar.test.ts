import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ignore from 'ignore';
import { afterAll, describe, expect, it } from 'vitest';
import { IgnoreRules, globMatch } from '../../src/walk/ignore-rules.js';
import { runCli } from './bounded-child.js';

/**
 * Issue 8, case 6: `.gitignore` and config `exclude` patterns are matched by IgnoreRules, whose work is
 * path segments × pattern segments. The `ignore` package it replaced backtracked between `**`s for minutes
 * on the pattern below; it stays the oracle for what patterns mean.
 */

const HOSTILE = `${'**/a/'.repeat(7)}**/b`;
const LEAK = 'package p\n\nimport "context"\n\nfunc f(ctx context.Context) {\n\tc, _ := context.WithCancel(ctx)\n\t_ = c\n}\n';

describe('IgnoreRules means what the ignore package meant', () => {
  it('agrees on random patterns and paths', () => {
    let seed = 11;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1) / 0x7fffffff;
    const pick = <T>(a: readonly T[]) => a[Math.floor(next() * a.length)]!;
    const segs = ['a', 'b', 'foo', 'x.go', 'A', '*', '?', '*.go', 'f*', '[ab]', '[!a]', '[a-c]', '**', 'a**', 'a*b', '\\*', '#x', '\\#a', '\\!a', 'a\\ ', '[]a]', 'x\\'];
    const names = ['a', 'b', 'foo', 'x.go', 'ab', 'aab', 'c', 'y.go', 'B', '#x', '!a', 'a ', ']', '*'];
    for (let k = 0; k < 1500; k++) {
      const patterns = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        let p = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(segs)).join('/');
        if (next() < 0.2) p = `/${p}`;
        if (next() < 0.2) p += '/';
        if (next() < 0.2) p = `!${p}`;
        if (next() < 0.05) p += '  ';
        return p;
      });
      const oracle = ignore().add(patterns);
      const ours = new IgnoreRules().add(patterns);
      for (let q = 0; q < 5; q++) {
        const p = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(names)).join('/') + (next() < 0.4 ? '/' : '');
        expect(ours.ignores(p), `${JSON.stringify(patterns)} ${p}`).toBe(oracle.ignores(p));
      }
    }
  });

  it('keeps git semantics for the usual forms', () => {
    const rules = new IgnoreRules().add(['# comment', '/build/', '*.pb.go', 'gen/**', '!gen/keep.go', 'docs/**/*.md', 'vendor']);
    const cases: Array<[string, boolean]> = [
      ['build/', true], ['sub/build/', false], ['build', false], ['x.pb.go', true], ['a/b/x.pb.go', true],
      ['gen/x.go', true], ['gen/keep.go', false], ['gen/', false], ['docs/a.md', true], ['docs/a/b/c.md', true],
      ['a/vendor/x.go', true], ['build/x.go', true], ['# comment', false],
    ];
    expect(cases.map(([p]) => [p, rules.ignores(p)])).toEqual(cases);
  });

  it('matches a segment with many stars in linear time', () => {
    expect(globMatch(`${'*a'.repeat(30)}*b`, 'a'.repeat(255))).toBe(false);
    expect(globMatch(`${'*a'.repeat(30)}*b`, `${'a'.repeat(254)}b`)).toBe(true);
  });
});

describe('hostile ignore patterns', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A repository with 60 nested `a/` directories, a leak at the bottom and a `b/` beside it. */
  function deepTree(): { root: string; deep: string } {
    const root = mkdtempSync(join(tmpdir(), 'gohazard-ignore-'));
    dirs.push(root);
    const deep = Array.from({ length: 60 }, () => 'a').join('/');
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, deep, 'b'), { recursive: true });
    writeFileSync(join(root, deep, 'x.go'), LEAK);
    writeFileSync(join(root, deep, 'b', 'y.go'), LEAK);
    return { root, deep };
  }

  function reported(root: string): string[] {
    const result = runCli(root, ['-f', 'json', './...']);
    expect(result.timedOut, 'the run must end within the bound').toBe(false);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Array<{ file: string; start: { line: number } }> };
    return report.findings.map((f) => `${f.file}:${f.start.line}`);
  }

  it('a .gitignore with seven **s over 60 nested directories', () => {
    const { root, deep } = deepTree();
    writeFileSync(join(root, '.gitignore'), `${HOSTILE}\n`);
    expect(reported(root)).toEqual([`${deep}/x.go:6`]);
  });

  it('a config exclude with seven **s over 60 nested directories', () => {
    const { root, deep } = deepTree();
    writeFileSync(join(root, '.gohazard.json'), JSON.stringify({ exclude: [HOSTILE] }));
    expect(reported(root)).toEqual([`${deep}/x.go:6`]);
  });
});
