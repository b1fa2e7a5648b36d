import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs hostile inputs in a child process with a deadline: a quadratic regex or walk cannot be interrupted
 * from inside the process that runs it, so only a parent can turn "hangs" into a failing test. The bounds
 * are generous (they catch minutes, not milliseconds): these are not speed assertions.
 */

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const CLI = `${DIST}src/cli.js`;

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(args: string[], cwd: string | undefined, timeoutMs: number): ChildResult {
  const r = spawnSync(process.execPath, args, { cwd, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 1 << 28, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined || r.signal === 'SIGKILL' };
}

/** The built CLI on `cwd` with `args`. */
export function runCli(cwd: string, args: string[], timeoutMs = 20_000): ChildResult {
  return run([CLI, ...args], cwd, timeoutMs);
}

/** An ES module script; `DIST` in it is replaced by the path of the built code. */
export function runScript(source: string, timeoutMs = 20_000): ChildResult {
  return run(['--input-type=module', '-e', source.replaceAll('DIST', DIST)], undefined, timeoutMs);
}
