import { describe, expect, it } from 'vitest';
import { CLEAN, goTree, LEAKY } from './helpers/cli.js';

/** The progress line: on a terminal's stderr only, after a delay, and erased before the report. */

type Main = typeof import('../src/cli/main.js');
const MAIN = new URL('../dist/src/cli/main.js', import.meta.url).href;

async function run(stderrIsTTY: boolean, afterMs: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const { runCli } = (await import(MAIN)) as Main;
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => ({ write: (t: string, done?: (e?: Error | null) => void) => (into.push(t), done?.(null), true) });
  const dir = goTree({ 'a/a.go': LEAKY, 'b/b.go': CLEAN.replace('package svc', 'package b') });
  const status = await runCli(['./...'], { cwd: dir, stdout: sink(out), stderr: sink(err), env: { GOHAZARD_PROGRESS_AFTER_MS: afterMs }, isTTY: false, stderrIsTTY });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe('the progress line', () => {
  it('is drawn on a terminal once the run is slow, and erased before the report', async () => {
    const r = await run(true, '0');
    // Redrawn at most every 250 ms, except for the last count, which is always shown.
    expect(r.stderr).toBe('\r\x1b[Kgohazard: linted 1 of 2 files\r\x1b[Kgohazard: linted 2 of 2 files\r\x1b[K');
    expect(r.stdout).toContain('(lost-cancel)');
    expect(r.status).toBe(1);
  });

  it('is never drawn for a quick run, nor when stderr is not a terminal', async () => {
    expect((await run(true, '60000')).stderr).toBe('');
    expect((await run(false, '0')).stderr).toBe('');
  });
});
