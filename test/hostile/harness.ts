import { spawnSync, type StdioOptions } from 'node:child_process';
import { afterEach } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { removeTree, tmpTree, type Node } from '../helpers/tmp-tree.js';

/**
 * Runs the built CLI on hostile input as a child process with a hard time limit: these tests detect
 * hangs and crashes, so a child that overruns is killed and reported as such, never awaited. Hostile
 * input that can neither hang nor crash a run (odd names, forged output, symlinks out of the tree) is
 * linted in-process instead, with test/helpers/cli.ts's gohazard.
 */

/** Generous: a hang detector, not a speed assertion. */
export const HANG_MS = 20_000;

export interface HostileRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Killed at the time limit. */
  timedOut: boolean;
}

export interface HostileOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Replaces the default pipes (to write stdout to /dev/full, say). */
  stdio?: StdioOptions;
  nodeFlags?: string[];
}

/** The built CLI with `args`. */
export function hostile(args: string[], opts: HostileOptions): HostileRun {
  return runNode([...(opts.nodeFlags ?? []), CLI, ...args], opts);
}

/** `node` with `argv`, killed at the time limit. */
export function runNode(argv: string[], opts: Omit<HostileOptions, 'cwd' | 'nodeFlags'> & { cwd?: string }): HostileRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
  delete env.FORCE_COLOR;
  delete env.CI;
  const res = spawnSync(process.execPath, argv, {
    cwd: opts.cwd,
    input: opts.input ?? '',
    env,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? HANG_MS,
    killSignal: 'SIGKILL',
    // A 10 MB input with 100,000 findings prints tens of MB.
    maxBuffer: 256 * 1024 * 1024,
    stdio: opts.stdio,
  });
  return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '', timedOut: res.error !== undefined || res.signal === 'SIGKILL' };
}

/** stderr as lines, without the empty one after the last newline. */
export function stderrLines(run: { stderr: string }): string[] {
  return run.stderr.split('\n').filter((l) => l !== '');
}

/** A file with one waitgroup-mismatch finding (Done with no Add) on line 8: the "other files" whose
 * findings must still be reported. */
export function leakyGo(pkg: string): string {
  return `package ${pkg}\n\nimport "sync"\n\nvar wg sync.WaitGroup\n\nfunc f() {\n\tgo func() { defer wg.Done() }()\n}\n`;
}

export const LEAKY_FINDING = /:8:\d+: wg\.Done is called but nothing in the package calls wg\.Add.*\(waitgroup-mismatch\)$/m;

const roots: string[] = [];

/** A throwaway tree (see tmpTree), removed after each test of the file that imports this harness. */
export function tree(nodes: Record<string, Node>): string {
  const root = tmpTree(nodes);
  roots.push(root);
  return root;
}

afterEach(() => {
  for (const r of roots.splice(0)) removeTree(r);
});
