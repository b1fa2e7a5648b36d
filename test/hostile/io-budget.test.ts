import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capJobs, MAX_JOBS } from '../../src/walk/resource-policy.js';
import { CLI, gohazard } from '../helpers/cli.js';
import type { Node } from '../helpers/tmp-tree.js';
import { hostile, LEAKY_FINDING, leakyGo, stderrLines, tree } from './harness.js';

/** Issue 8, cases 3 and 4 and the per-file budget: inputs that exhaust the parser, the clock or threads. */

/** `1+1+…+1` with `terms` terms: one binary expression nested `terms` deep. */
function longSum(terms: number): string {
  return `package big\n\nvar x = ${'1+'.repeat(terms)}1\n`;
}

describe('case 3: a file that aborts the parser', () => {
  // A 28 MiB sum, under the 32 MiB cap, grows tree-sitter's WASM heap to its 2 GiB maximum and aborts,
  // 15-30 s into the parse. The same abort (memory.grow refused at the maximum) comes after 2 s when V8
  // caps every WASM memory at 64 MiB (1024 pages of 64 KiB), so the child gets that cap and a 2 MiB
  // sum; the small file beside it still parses under the cap.
  it('is an error naming it, on a small run (which used to parse on the main thread), and the rest is reported', () => {
    const root = tree({ 'big/big.go': longSum(1024 * 1024), 'p/a.go': leakyGo('p') });
    const r = hostile(['-j', '1', './...'], { cwd: root, timeoutMs: 90_000, nodeFlags: ['--wasm-max-mem-pages=1024'] });
    expect(r.timedOut).toBe(false);
    expect(stderrLines(r)).toEqual(['big/big.go: error: ran out of memory on this file (too large or nested too deeply to parse and lint); the other files of its directory were not linted']);
    expect(r.stdout).toMatch(LEAKY_FINDING);
    expect(r.status).toBe(2);
  }, 100_000);
});

describe('the per-file time budget', () => {
  it('stops a file that overruns it, names the file, and lints the rest', () => {
    const root = tree({ 'big/big.go': longSum(1 << 20), 'p/a.go': leakyGo('p') });
    const r = hostile(['./...'], { cwd: root, env: { GOHAZARD_FILE_BUDGET_MS: '300' } });
    expect(r.timedOut).toBe(false);
    expect(stderrLines(r)).toEqual(['big/big.go: error: gave up after 0.3 s (the per-file time budget); the other files of its directory were not linted']);
    expect(r.stdout).toMatch(LEAKY_FINDING);
    expect(r.status).toBe(2);
  });
});

const hasTime = fs.existsSync('/usr/bin/time');

describe('case 4: -j', () => {
  it('is capped by the cores and MAX_JOBS', async () => {
    expect(capJobs(1000)).toBeLessThanOrEqual(MAX_JOBS);
    expect(capJobs(1)).toBe(1);
    expect((await gohazard(['--help'], { cwd: process.cwd() })).stdout).toContain('-j, --jobs N             worker threads (default and maximum: one per core, at most 8)');
  });

  it.skipIf(!hasTime)('-j 1000 on 70 packages keeps memory to a few workers', () => {
    const nodes: Record<string, Node> = {};
    for (let i = 0; i < 70; i++) nodes[`d${i}/a.go`] = leakyGo(`d${i}`);
    const root = tree(nodes);
    const res = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, '-j', '1000', './...'], { cwd: root, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    expect(res.stdout.split('\n').filter((l) => LEAKY_FINDING.test(l))).toHaveLength(70);
    const peakKb = Number(res.stderr.trim().split('\n').pop());
    expect(peakKb).toBeLessThan(MAX_JOBS * 60 * 1024); // one thread is about 40 MB; 70 were over 1 GB
    expect(res.status).toBe(1);
  });
});
