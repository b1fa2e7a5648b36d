import { fileURLToPath } from 'node:url';
import { hostile, runNode, type HostileRun } from './harness.js';

/**
 * The scaling tests' view of the harness: a quadratic regex or walk cannot be interrupted from inside
 * the process that runs it, so only a parent with a deadline can turn "hangs" into a failing test. The
 * bounds are generous (they catch minutes, not milliseconds): these are not speed assertions.
 */

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export type ChildResult = HostileRun;

/** The built CLI on `cwd` with `args`. */
export function runCli(cwd: string, args: string[], timeoutMs = 20_000): ChildResult {
  return hostile(args, { cwd, timeoutMs });
}

/** An ES module script; `DIST` in it is replaced by the path of the built code. */
export function runScript(source: string, timeoutMs = 20_000): ChildResult {
  return runNode(['--input-type=module', '-e', source.replaceAll('DIST', DIST)], { timeoutMs });
}
