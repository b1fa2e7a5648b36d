import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Spawns the built CLI (dist/) the way a user runs it, and builds throwaway Go trees for it. */

export const CLI = fileURLToPath(new URL('../../dist/src/cli/cli.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function gohazard(args: string[], opts: { cwd: string; input?: string | Buffer; env?: Record<string, string | undefined> }): CliRun {
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
