import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './bounded-child.js';
import { manyFindings, manyLaunches, mixedNesting } from './scaling-inputs.js';

/**
 * Issue 8, case 7: inputs on which a rule was quadratic in function size, nesting depth or findings per
 * file, linted by the built CLI under a deadline that only a quadratic run misses (each takes a second or
 * a few now, and took from half a minute to several minutes before). The findings must still be exact.
 */

interface Report {
  findings: Array<{ ruleId: string; start: { line: number; column: number } }>;
  errors: unknown[];
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lint(text: string): Report {
  const dir = mkdtempSync(join(tmpdir(), 'gohazard-scaling-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'x.go'), text);
  const result = runCli(dir, ['-f', 'json', '-j', '1', '.']);
  expect(result.timedOut, 'the run must end within the bound').toBe(false);
  expect(result.stderr).toBe('');
  const report = JSON.parse(result.stdout) as Report;
  expect(report.errors).toEqual([]);
  expect(result.status).toBe(report.findings.length > 0 ? 1 : 0);
  return report;
}

const at = (r: Report) => r.findings.map((f) => [f.ruleId, f.start.line, f.start.column]);

describe('rules stay linear', () => {
  it('waitgroup-mismatch: 1,600 goroutines launched in one function, the last skipping Done', () => {
    const { text, line, column } = manyLaunches(1600);
    expect(at(lint(text))).toEqual([['waitgroup-mismatch', line, column]]);
  });

  it('every rule: 2,000 levels of for, select, go func and if', () => {
    // Every fourth level is a for loop (six lines per cycle from line 13), each the whole of a goroutine
    // with nothing that leaves it; the innermost code starts at line 13 + 6 × 500.
    const loops = Array.from({ length: 500 }, (_, i) => ['select-no-exit', 13 + 6 * i, 1]);
    const inner = 13 + 6 * 500;
    expect(at(lint(mixedNesting(2000)))).toEqual([
      ...loops,
      ['waitgroup-mismatch', inner, 1],
      // The innermost `http.Get(u)` drops its response, so its body is never closed either.
      ['body-not-closed', inner + 3, 12],
      ['http-client-no-timeout', inner + 3, 12],
      ['lost-cancel', inner + 5, 16],
    ]);
  });

  it('a 2 MB file with 30,000 findings and 10,000 suppression directives', () => {
    const report = lint(manyFindings(10_000));
    // Each function: a discarded cancel (line 2 of it) and a loop nothing leaves (line 6); the directive
    // on line 2 names another rule, so both stay, and the directive rule says it suppresses nothing.
    const expected = Array.from({ length: 10_000 }, (_, i) => [
      ['lost-cancel', 8 + 12 * i + 1, 13],
      ['directive', 8 + 12 * i + 1, 37],
      ['select-no-exit', 8 + 12 * i + 5, 2],
    ]).flat();
    expect(at(report)).toEqual(expected);
  });
});
