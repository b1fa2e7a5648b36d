import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLEAN, CLI, LEAKY, gohazardBin, goTree } from './helpers/cli.js';

/**
 * The few things only a real process shows: the bin starts, its exit status, standard input from a
 * pipe, a reader that closes the pipe early, and the default colour on a terminal. Everything else
 * about the CLI is in cli.test.ts, in-process (runCli); the hostile tests spawn it under a deadline.
 */

const LEAK_LINE = 'svc/leak.go:9:11: the cancel function returned by context.WithTimeout is discarded with _, so its timer and child context live until the deadline; assign it and defer cancel() right after the call (lost-cancel)';

/** Environment for a child: the test's own, without what would colour or reformat its output. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CI']) if (!(k in extra)) delete env[k];
  return env;
}

describe('the built bin', () => {
  it('lints, prints the finding on stdout, nothing on stderr, and exits 1', () => {
    const r = gohazardBin([], { cwd: goTree({ 'svc/leak.go': LEAKY, 'svc/ok.go': CLEAN }) });
    expect(r).toEqual({ status: 1, stdout: `${LEAK_LINE}\n`, stderr: '' });
  });

  it('reads the buffer from a real pipe on fd 0, under the path the editor gives', () => {
    const r = gohazardBin(['--stdin-filename', 'svc/leak.go', '-'], { cwd: goTree({ 'svc/leak.go': CLEAN }), input: LEAKY });
    expect(r).toEqual({ status: 1, stdout: `${LEAK_LINE}\n`, stderr: '' });
  });

  it('takes a reader closing the pipe early (| head) as no error: status 0, nothing on stderr', () => {
    // 600 findings, about 140 KB of report: more than a pipe holds, so the write meets EPIPE.
    const funcs = Array.from({ length: 600 }, (_, i) => `func f${i}(ctx context.Context) context.Context {\n\tctx, _ = context.WithCancel(ctx)\n\treturn ctx\n}\n`);
    const dir = goTree({ 'a.go': `package a\n\nimport "context"\n\n${funcs.join('')}` });
    const script = `"$0" "$1" a.go | head -n 1; echo "gohazard exited $\{PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script, process.execPath, CLI], { cwd: dir, env: childEnv(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^a\.go:6:11: the cancel function returned by context\.WithCancel is discarded .*\(lost-cancel\)\ngohazard exited 0\n$/);
  });

  const hasScript = fs.existsSync('/usr/bin/script');

  it.skipIf(!hasScript)('colours text and adds a summary on a terminal, without colour under NO_COLOR from the environment', () => {
    const dir = goTree({ 'svc/leak.go': LEAKY });
    // script(1) runs the bin on a pseudo-terminal; -e passes its exit status through.
    const onTerminal = (env: Record<string, string>) =>
      spawnSync('script', ['-qec', `'${process.execPath}' '${CLI}' ./...`, '/dev/null'], { cwd: dir, input: '', env: childEnv({ TERM: 'xterm', ...env }), encoding: 'utf8' });
    const coloured = onTerminal({});
    expect(coloured.status).toBe(1);
    expect(coloured.stdout).toBe(
      '\u001b[1msvc/leak.go\u001b[22m:\u001b[2m9:11:\u001b[22m the cancel function returned by context.WithTimeout is discarded with _, so its timer and child context live until the deadline; assign it and defer cancel() right after the call \u001b[33m(lost-cancel)\u001b[39m\r\n' +
        '\u001b[1m1 finding in 1 file\u001b[22m\r\n',
    );
    const plain = onTerminal({ NO_COLOR: '1' });
    expect(plain.status).toBe(1);
    expect(plain.stdout).toBe(`${LEAK_LINE}\r\n1 finding in 1 file\r\n`);
  });
});
