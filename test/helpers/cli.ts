import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the built CLI (dist/), in-process through runCli or as a real process, and builds throwaway Go
 * trees for it. Both load dist/, not src/: the engine's worker threads start from dist/src/engine/
 * worker.js beside the pool, so the tests run after the build.
 */

export const CLI = fileURLToPath(new URL('../../dist/src/cli/cli.js', import.meta.url));
const MAIN = new URL('../../dist/src/cli/main.js', import.meta.url).href;

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
}

type Main = typeof import('../../src/cli/main.js');
let main: Promise<Main> | undefined;

/** The CLI in this process, as a user runs it with stdout and stderr piped (no terminal) and an
 * environment of `opts.env` alone (no NO_COLOR, FORCE_COLOR or CI from the test's own). */
export async function gohazard(args: string[], opts: CliOptions): Promise<CliRun> {
  const { runCli } = await (main ??= import(MAIN) as Promise<Main>);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sink = (into: string[]) => ({
    write(text: string, done?: (err?: Error | null) => void) {
      into.push(text);
      done?.(null);
      return true;
    },
  });
  const status = await runCli(args, {
    cwd: opts.cwd,
    stdin: Buffer.from(opts.input ?? ''),
    stdout: sink(stdout),
    stderr: sink(stderr),
    env: { ...opts.env },
    isTTY: false,
  });
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** The built bin as a child process: for what only a real process shows (exit status, pipes, fd 0). */
export function gohazardBin(args: string[], opts: CliOptions): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Writes files (path → content) under a new temporary directory and returns it. */
export function goTree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gohazard-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

/** A file whose cancel is thrown away on line 9, at byte column 11. */
export const LEAKY = `package svc

import (
	"context"
	"time"
)

func withDeadline(ctx context.Context) context.Context {
	ctx, _ = context.WithTimeout(ctx, time.Second)
	return ctx
}
`;

/** The correct idiom: no finding. */
export const CLEAN = `package svc

import (
	"context"
	"time"
)

func ping(ctx context.Context, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return call(ctx)
}
`;
