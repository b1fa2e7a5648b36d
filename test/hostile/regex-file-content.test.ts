import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitdirPointer } from '../../src/walk/gitignore.js';
import { splitWords } from '../../rules/unbounded-cache/memo-keys.js';
import { writtenNames } from '../../rules/unbounded-cache/written-names.js';
import { runCli, runScript } from './bounded-child.js';
import { longWordRun } from './scaling-inputs.js';

/**
 * Issue 8, case 5: every regex applied to file contents, on long adversarial lines. The rewritten ones are
 * checked against the regex they replace (same answers on many small random inputs) and, in a child
 * process with a deadline, on 1 MiB inputs that made the old ones quadratic.
 */

const OLD_WRITES = /([A-Za-z_]\w*)(?:\[[^\]\n]*\]\s*(?:[-+*/%&|^]?=(?!=)|\+\+|--)|\.(?:Store|LoadOrStore|Swap)\()/g;

function randomStrings(pieces: readonly string[], count: number, maxPieces: number): string[] {
  let seed = 2026;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1) / 0x7fffffff;
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * maxPieces) }, () => pieces[Math.floor(next() * pieces.length)]).join(''));
}

describe('rewritten regexes give the old answers', () => {
  it('writtenNames finds what WRITES found', () => {
    const pieces = ['a', 'b1', '_', '9', '[', ']', '=', '==', '+', '-', '*', ' ', '\n', '\t', '.', 'Store(', 'Swap', '(', '++', '+=', '\u00a0', 'é'];
    for (const s of randomStrings(pieces, 4_000, 14)) expect(writtenNames(s), JSON.stringify(s)).toEqual([...s.matchAll(OLD_WRITES)].map((m) => m[1]));
    expect(writtenNames('m[k] = 1; 0xa[i]++; n[j] == 2; s.Swap(x); t[a[b]] -= 1')).toEqual(['m', 'xa', 's']);
  });

  it('gitdirPointer reads what /^gitdir:\\s*(.*?)\\s*$/m read', () => {
    const pieces = ['gitdir:', ' ', '\n', '\r', '\u2028', 'a', '/x', '\t', 'gitdir: y'];
    for (const s of randomStrings(pieces, 4_000, 8)) expect(gitdirPointer(s), JSON.stringify(s)).toBe(/^gitdir:\s*(.*?)\s*$/m.exec(s)?.[1]);
    expect(gitdirPointer('gitdir: ../.git/worktrees/x  \n')).toBe('../.git/worktrees/x');
  });

  it('splitWords splits a run of capitals where it did', () => {
    const pieces = ['A', 'B', 'a', 'b', '1', '_'];
    const old = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[\s_]+/).filter(Boolean).map((w) => w.toLowerCase());
    for (const s of randomStrings(pieces, 4_000, 12)) expect(splitWords(s), s).toEqual(old(s));
    expect(splitWords('HTTPServerCache')).toEqual(['http', 'server', 'cache']);
  });
});

describe('1 MiB adversarial lines', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('every audited text scan and rule text filter stays linear', () => {
    // Each input is a run of one short unit; the script prints each name before it starts, so a timeout
    // says which one hung.
    const result = runScript(`
      import { writtenNames } from 'DISTrules/unbounded-cache/written-names.js';
      import { splitWords } from 'DISTrules/unbounded-cache/memo-keys.js';
      import { gitdirPointer, rebase } from 'DISTsrc/walk/gitignore.js';
      import { allRules } from 'DISTrules/index.js';
      const units = ['a', 'a0', ' ', 'a.', '/', '//', 'a[', 'A', '\\t', '. ', 'aB', '//nolint', '\\n'];
      const big = (u, tail) => u.repeat(Math.ceil((1 << 20) / u.length)) + tail;
      let count = 0;
      for (const u of units) for (const tail of ['!', 'x', '']) {
        const s = big(u, tail);
        process.stdout.write(JSON.stringify(u + '…' + tail) + ' ');
        count += writtenNames(s).length + splitWords(s).length + (gitdirPointer('gitdir: a' + s) ?? '').length;
        count += (rebase(s, 'sub') ?? '').length > 0 ? 1 : 0;
        for (const rule of allRules) if (rule.textFilter?.test(s)) count++;
      }
      process.stdout.write('\\ndone ' + (count > 0));
    `);
    expect(result.timedOut, result.stdout).toBe(false);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('done true');
  });

  it('lints a file with a 1 MiB hex constant and a written package-level map', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gohazard-regex-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'hex.go'), longWordRun());
    const result = runCli(dir, ['-f', 'json', '.']);
    expect(result.timedOut).toBe(false);
    expect(result.stderr).toBe('');
    // `cache` is written (WRITES' question) and never deleted from: unbounded-cache reports it.
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; start: { line: number; column: number } }> };
    expect(report.findings.map((f) => [f.ruleId, f.start.line, f.start.column])).toEqual([['unbounded-cache', 9, 2]]);
    expect(result.status).toBe(1);
  });
});
